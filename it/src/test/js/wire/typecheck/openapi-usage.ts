// Calls the board through types that openapi-typescript generated from Poto's OpenAPI document;
// checked with tsc --strict. Each @ts-expect-error line must be an error, so the types are proven to
// describe the board's bodies, results and declared errors.
import type { components, paths } from "./board-api.js";

type Operation<P extends keyof paths> = paths[P]["post"];
type Body<P extends keyof paths> =
  Operation<P> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
type Result<P extends keyof paths> =
  Operation<P>["responses"] extends { 200: { content: { "application/json": infer R } } } ? R : undefined;
type Problem = components["schemas"]["Problem"];
type InvalidNote = components["schemas"]["dev.poto.samples.board.InvalidNote"];

async function call<P extends keyof paths>(path: P, body: Body<P>, token?: string): Promise<Result<P>> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token !== undefined) headers["Authorization"] = `Bearer ${token}`;
  const response = await fetch(`/poto${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  if (!response.ok) {
    throw (await response.json()) as Problem;
  }
  return (response.status === 204 ? undefined : await response.json()) as Result<P>;
}

export async function demo(token: string): Promise<string[]> {
  const info = await call("/board/info", {});
  const name: string = info.name;
  const notes: number = info.notes;
  const note = await call("/board/post", { text: "hello" }, token);
  const id: number = note.id;
  const postedAt: string = note.postedAt;
  const recent = await call("/board/recent", { limit: 10 }, token);
  const cleared: number = await call("/board/clear", {}, token);
  // @ts-expect-error the text of a note is a string
  await call("/board/post", { text: 42 }, token);
  // @ts-expect-error post() takes exactly its parameters
  await call("/board/post", { text: "a", extra: true }, token);
  // @ts-expect-error the board has no such method
  await call("/board/remove", {}, token);
  return [name, String(notes), String(id), postedAt, String(cleared), ...recent.map((n) => n.text)];
}

export function explain(problem: Problem | InvalidNote): string {
  if (problem.code === "invalid_note" && "maxLength" in problem) {
    const invalid: InvalidNote = problem;
    const length: number = invalid.length;
    // @ts-expect-error a declared error's code is its own constant
    const other: "unknown_method" = invalid.code;
    return `${invalid.code}: ${length} of ${invalid.maxLength} (${other})`;
  }
  return `${problem.status} ${problem.code}`;
}
