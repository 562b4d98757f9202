// Uses the generated client of the it modules the way an app would; checked with tsc --strict.
// Each @ts-expect-error line must be an error, so the types are proven to reject wrong use.
import { PotoClient, PotoError } from "./poto-runtime.js";
import type { Everything, Shape } from "./types.js";
import { Color_VALUES } from "./types.js";
import { WireTypesModuleClient } from "./wire.js";

const wire = new WireTypesModuleClient(new PotoClient({ baseUrl: "http://127.0.0.1:1" }));

export function area(shape: Shape): number {
  switch (shape.kind) {
    case "circle":
      return Math.PI * shape.radius ** 2;
    case "rect":
      return shape.width * shape.height;
    case "stamp":
      return shape.image.byteLength + Date.parse(shape.at) * 0;
  }
}

export async function use(value: Everything, signal: AbortSignal): Promise<string[]> {
  const back: Everything = await wire.echo(value, { signal, timeoutMs: 1000 });
  const when: string = back.at; // an Instant: its exact ISO-8601 text
  const blob: Uint8Array = back.blob;
  const price: string = back.price;
  const maybe: string | null | undefined = back.maybeText;
  const colors: readonly string[] = Color_VALUES;
  for await (const shape of wire.countTo(3, { signal })) {
    area(shape);
  }
  try {
    await wire.maybe();
    await wire.nullable(null);
  } catch (error) {
    if (error instanceof PotoError) return [error.code, String(error.status)];
  }
  // @ts-expect-error a long is a number, not a string
  await wire.echoLong("1", 2);
  // @ts-expect-error the union has no "triangle"
  area({ kind: "triangle", sides: 3 });
  // @ts-expect-error required parameters cannot be left out
  await wire.hello();
  // @ts-expect-error enums are string-literal unions
  await wire.countColors(["BLUE"]);
  return [when, String(blob.length), price, String(maybe), String(colors.length)];
}
