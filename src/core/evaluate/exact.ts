// Exact arithmetic on the fractions of fraction.ts, for the evaluation and progress figures, and a
// fraction's exact decimal text.
import { fraction, toNumber, type Fraction } from "../fraction.js";

export const ZERO = fraction(0n, 1n);
export const ONE = fraction(1n, 1n);
export const HALF = fraction(1n, 2n);
export const whole = (n: number) => fraction(BigInt(n), 1n);
export function add(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den + b.num * a.den, a.den * b.den);
}
export function sub(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den - b.num * a.den, a.den * b.den);
}
export function mul(a: Fraction, b: Fraction): Fraction { return fraction(a.num * b.num, a.den * b.den); }
export function div(a: Fraction, b: Fraction): Fraction { return fraction(a.num * b.den, a.den * b.num); }
export function ratioOf(part: number, whole: number): Fraction | null {
  return whole > 0 ? fraction(BigInt(part), BigInt(whole)) : null;
}
export function cmp(a: Fraction, b: Fraction): number { return Math.sign(Number(a.num * b.den - b.num * a.den)); }
/** A fraction as a JSON number (null stays null). */
export const num = (f: Fraction | null): number | null => (f === null ? null : toNumber(f));

/** Σ weight × value / Σ weight over the items with a value; null when their weights sum to nothing. */
export function weightedAverage(items: readonly { weight: Fraction; value: Fraction | null }[]): Fraction | null {
  let sw = ZERO;
  let s = ZERO;
  for (const { weight, value } of items) {
    if (value === null) continue;
    sw = add(sw, weight);
    s = add(s, mul(weight, value));
  }
  return sw.num > 0n ? div(s, sw) : null;
}

/**
 * The exact decimal of a fraction whose denominator divides a power of ten (3/5 → "0.6", 1635 → "1635"),
 * else the fraction itself (25/3 → "25/3").
 */
export function decimalText(f: Fraction): string {
  let rest = f.den;
  for (const p of [2n, 5n]) while (rest % p === 0n) rest /= p;
  if (rest !== 1n) return `${f.num}/${f.den}`;
  let scale = 0;
  while (10n ** BigInt(scale) % f.den !== 0n) scale++;
  const scaled = (f.num * 10n ** BigInt(scale)) / f.den;
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(scale + 1, "0");
  const sign = scaled < 0n ? "-" : "";
  return sign + (scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}
