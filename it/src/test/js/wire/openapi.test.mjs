// The OpenAPI document a Poto server serves: valid for a real OpenAPI 3.1 validator, and the types
// openapi-typescript generates from it type-check calls to the board (tsc --strict).
// Env: POTO_OPENAPI_FILE (the served document), POTO_OPENAPI_WORK (a scratch directory).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import openapiTS, { astToString } from "openapi-typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const work = process.env.POTO_OPENAPI_WORK;
const document = JSON.parse(readFileSync(process.env.POTO_OPENAPI_FILE, "utf8"));

test("the served document is valid OpenAPI 3.1", async () => {
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.equal(validator.version, "3.1");
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
});

test("openapi-typescript's types of the board type-check calls to it", async () => {
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, "board-api.ts"), astToString(await openapiTS(document)));
  copyFileSync(path.join(here, "typecheck", "openapi-usage.ts"), path.join(work, "openapi-usage.ts"));
  writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      target: "ES2022", module: "ES2022", moduleResolution: "bundler", lib: ["ES2022", "DOM"],
      strict: true, noEmit: true, noUnusedLocals: true, skipLibCheck: false, types: [],
    },
    include: ["*.ts"],
  }));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: work, encoding: "utf8" });
  assert.equal(run.status, 0, `tsc --strict failed:\n${run.stdout}${run.stderr}`);
});
