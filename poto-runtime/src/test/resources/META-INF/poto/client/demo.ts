export const demo: number = 1;
