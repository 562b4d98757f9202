// Declared errors as an app handles them; checked with tsc --strict. Each @ts-expect-error line must
// be an error, so the types are proven to narrow by code and to know each error's fields.
import { PotoClient } from "./poto-runtime.js";
import { ErrorsModuleClient } from "./errors.js";

const errors = new ErrorsModuleClient(new PotoClient({ baseUrl: "http://127.0.0.1:1" }));

export async function describe(id: number): Promise<string> {
  try {
    return await errors.note(id);
  } catch (caught) {
    const e = ErrorsModuleClient.errorOf("note", caught);
    if (e === undefined) throw caught;
    const noteId: number = e.noteId;
    const status: 404 = e.status;
    // @ts-expect-error note() declares only note_not_found
    if (e.code === "quota_exceeded") return "never";
    return `${status} ${noteId}`;
  }
}

export async function spend(): Promise<string> {
  try {
    await errors.spend(1, "1.0", "2026-11-30T00:00:00Z", [], null);
    return "spent";
  } catch (caught) {
    const e = ErrorsModuleClient.errorOf("spend", caught);
    if (e?.code === "quota_exceeded") {
      const plan: string | null = e.plan;
      const owners: string[] = e.owners;
      // @ts-expect-error the fields of one error are not the other's
      void e.noteId;
      return `${e.limit} ${e.used} ${e.resetsAt} ${plan} ${owners.length}`;
    }
    if (e?.code === "note_not_found") {
      // @ts-expect-error narrowed by code: no quota fields here
      void e.limit;
      return String(e.noteId);
    }
    return "other";
  }
}

// @ts-expect-error undeclared() declares no errors, so it is no key of errorOf
ErrorsModuleClient.errorOf("undeclared", null);
