import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ceilTimes, fraction, parseFraction, percent1, toNumber } from "../../src/core/fraction.js";

describe("exact fractions", () => {
  it("parses decimals and quotients exactly", () => {
    expect(parseFraction("1.2")).toEqual({ num: 6n, den: 5n });
    expect(parseFraction("2/3")).toEqual({ num: 2n, den: 3n });
    expect(parseFraction("0.6")).toEqual({ num: 3n, den: 5n });
    expect(parseFraction("1/0")).toBeNull();
    expect(parseFraction("1e3")).toBeNull();
    expect(parseFraction("-1")).toBeNull();
  });
  it("⌈n × ratio⌉ has no floating-point error", () => {
    // 10 × 1.2 is exactly 12 (floating point gives 12.000000000000002 → 13).
    expect(ceilTimes(10, parseFraction("1.2")!)).toBe(12);
    expect(ceilTimes(58, parseFraction("2/3")!)).toBe(39);
    expect(ceilTimes(45, parseFraction("2/3")!)).toBe(30);
    expect(ceilTimes(7, parseFraction("1.3")!)).toBe(10);
  });
  it("a fraction becomes the double nearest to it, however long its digits", () => {
    // Three groups with ten-digit weights: both sides over 2^53, where dividing two doubles is one unit off.
    expect(toNumber(fraction(168851016661108211n, 231882260000000000n))).toBe(0.7281756554430175);
    expect(toNumber(parseFraction("12.032682409705352322")!)).toBe(12.032682409705352);
    // Weights written with hundreds of digits: a finite number, not NaN (JSON null).
    const long = 10n ** 320n;
    expect(toNumber(fraction(4n * long + 1n, 9n * long))).toBe(4 / 9);
    expect(toNumber(fraction(-3n, 8n))).toBe(-0.375);
    expect(toNumber(fraction(0n, 7n))).toBe(0);
    // Where both sides are exact doubles, IEEE division is already the nearest double.
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }), fc.bigInt({ min: 1n, max: 2n ** 53n }), (num, den) => {
      expect(toNumber({ num, den })).toBe(Number(num) / Number(den));
    }), { numRuns: 2000 });
  });
  it("percentages round half up to one decimal", () => {
    expect(percent1(14, 15)).toBe("93.3%");
    expect(percent1(1, 8)).toBe("12.5%");
    expect(percent1(1, 16)).toBe("6.3%"); // 6.25 → 6.3
    expect(percent1(1, 3)).toBe("33.3%");
    expect(percent1(2, 3)).toBe("66.7%");
    expect(percent1(0, 5)).toBe("0.0%");
    expect(percent1(5, 5)).toBe("100.0%");
  });
  it("ceilTimes agrees with integer reasoning for every n and a/b", () => {
    fc.assert(fc.property(fc.nat(100000), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (n, a, b) => {
      const c = ceilTimes(n, parseFraction(`${a}/${b}`)!);
      return c * b >= n * a && (c - 1) * b < n * a;
    }));
  });
});
