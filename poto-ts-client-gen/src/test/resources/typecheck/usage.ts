// Compiled with tsc --strict against the generated shop client, once as .ts sources and once as
// .js + .d.ts: proves the types are usable and strict (each @ts-expect-error must be an error).
import { PotoClient, PotoError, type CallOptions, type JsonValue, type ProblemCode } from "./poto-runtime.js";
import { ShopModuleClient } from "./shop.js";
import { ChatModuleClient } from "./chat.js";
import { Color_VALUES, type Color, type Everything, type Item, type Shape } from "./types.js";

export async function use(signal: AbortSignal): Promise<string[]> {
  const poto = new PotoClient({ baseUrl: "http://localhost:8080" });
  await poto.loginAsVisitor();
  const shop = new ShopModuleClient(poto);
  const chat = new ChatModuleClient(poto);
  const options: CallOptions = { signal, timeoutMs: 500 };

  const item: Item = await shop.add("pen", null, 3, options);
  const created: string = item.createdAt; // an Instant: the exact ISO-8601 text
  const sold: string | null | undefined = item.soldOutAt;
  await shop.add("pen", undefined, 3);
  // @ts-expect-error the name is a string
  await shop.add(42, null, 3);
  // @ts-expect-error price is required positionally (it may be null or undefined, not skipped)
  await shop.add("pen", 3);
  // The same call by name: the optional price may be left out, the required stock not.
  const named: Item = await shop.addWith({ name: "pen", stock: 3 }, options);
  await shop.listWith({ page: 1, filter: null });
  // @ts-expect-error stock is required
  await shop.addWith({ name: "pen" });
  // @ts-expect-error no such argument
  await shop.addWith({ name: "pen", stock: 3, colour: "red" });

  const page = await shop.list(0);
  const first: Item | undefined = page.items[0];
  const next: string | null | undefined = page.next;
  const found = await shop.find("x");
  // @ts-expect-error find may answer null
  found.name;

  const shape: Shape = await shop.biggest([{ kind: "circle", radius: 1 }, { kind: "square", side: 2 }]);
  let area = 0;
  switch (shape.kind) {
    case "circle": area = Math.PI * shape.radius ** 2; break;
    case "square": area = shape.side ** 2; break;
    case "Shape$Stamp": area = shape.image.length; break;
    default: { const never: never = shape; return [String(never)]; }
  }
  // @ts-expect-error the tag must match the variant
  await shop.biggest([{ kind: "circle", side: 2 }]);

  const colors: readonly Color[] = Color_VALUES;
  const byColor = await shop.byColor();
  const reds: Item[] | undefined = byColor.RED;
  // @ts-expect-error not a Color
  byColor.PURPLE;

  const labels: string[] = [];
  for await (const fed of shop.feed(new Date().toISOString(), { signal })) {
    labels.push(fed.name);
  }
  for await (const message of chat.messages(0)) {
    labels.push(message.text);
  }
  const bytes: Uint8Array = await shop.export();
  const stream: ReadableStream<Uint8Array> = await shop.download("a.txt");
  await shop.clear();
  const echoed: Everything = await shop.echo({} as Everything);
  const when: string = echoed.localAt;
  const big: number = echoed.big;
  const exact: bigint = echoed.exactBig;
  const legacy: Date = echoed.legacyDate;
  const json: JsonValue = echoed.json;
  // @ts-expect-error a long marked @LongAsBigInt is a bigint, not a number
  const notNumber: number = echoed.exactBig;
  const customer = await shop.customer(bytes);
  // @ts-expect-error an output-only property (computed getter) is read-only
  customer.doublePoints = 3;
  const renamed: string = await shop.rename(null, undefined, { timeoutMs: 1 });
  try {
    await shop.tree(null, 2);
  } catch (error) {
    if (error instanceof PotoError) labels.push(error.code, String(error.status), error.requestId ?? "");
    // The code is typed: the protocol's codes are known (and a module's own are plain strings).
    if (error instanceof PotoError && error.code === "token_expired") labels.push("expired");
    if (error instanceof PotoError && error.code === "out_of_stock") labels.push("a module's own code");
    const known: ProblemCode = "unexpected_response";
    // @ts-expect-error not a code of the protocol
    const unknown: ProblemCode = "token_expried";
    labels.push(known, unknown);
  }
  const renamedByName: string = await shop.renameWith({ opts: "a" }, { timeoutMs: 1 });
  labels.push(renamedByName, named.name);
  return [...labels, String(created), String(sold), String(first), String(next), String(area), colors.join(),
    String(reds), String(bytes), String(stream), String(when), String(big), String(exact), String(legacy),
    String(json), String(notNumber), renamed];
}
