// The committed WebAssembly (src/io/ballot-scan-wasm.ts) must be what scripts/wasm.mjs makes from
// src/io/ballot-scan.wat, so the reviewed source is the code that runs.
import { describe, expect, it } from "vitest";
import { BALLOT_SCAN_WASM } from "../../src/io/ballot-scan-wasm.js";
import { compileBallotScan } from "../../scripts/wasm.mjs";

describe("ballot-scan.wat", () => {
  it("is the source of the committed module", async () => {
    const bytes = (await compileBallotScan()) as Buffer;
    expect(bytes.toString("base64")).toBe(BALLOT_SCAN_WASM);
  });
});
