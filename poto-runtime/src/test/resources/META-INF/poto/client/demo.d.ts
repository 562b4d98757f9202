export declare const demo = 1;
