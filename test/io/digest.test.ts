import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSha256, sha256, SMALL } from "../../src/io/digest.js";

const node = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

describe("sha256", () => {
  it("gives the FIPS 180-4 digests of the standard messages", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });

  it("agrees with node:crypto at every length around the block and padding edges", () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      expect(sha256(bytes), `length ${n}`).toBe(node(bytes));
    }
  });

  it("agrees with node:crypto on random data fed in random pieces, strings included", () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat({ max: 3000 }), { maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 50 }),
      (bytes, cuts, text) => {
        const hasher = createSha256(bytes.length);
        const points = [...new Set([0, ...cuts.filter((c) => c <= bytes.length), bytes.length])].sort((a, b) => a - b);
        for (let i = 1; i < points.length; i++) hasher.update(bytes.subarray(points[i - 1], points[i]));
        hasher.update(text);
        const whole = new Uint8Array([...bytes, ...new TextEncoder().encode(text)]);
        expect(hasher.digest()).toBe(node(whole));
      },
    ), { numRuns: 300 });
  });

  it("hands large data to node:crypto, with the same digest", () => {
    const big = Uint8Array.from({ length: SMALL + 1000 }, (_, i) => (i * 7) & 255);
    expect(sha256(big)).toBe(node(big));
    expect(createSha256(Infinity).update(big.subarray(0, 10)).update(big.subarray(10)).digest()).toBe(node(big));
  });
});
