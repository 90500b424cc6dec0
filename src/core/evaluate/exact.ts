// Exact arithmetic on the fractions of fraction.ts, for the evaluation figures.
import { fraction, type Fraction } from "../fraction.js";

// Exact arithmetic on the fractions of fraction.ts.
export const ZERO = fraction(0n, 1n);
export const ONE = fraction(1n, 1n);
export const HALF = fraction(1n, 2n);
export function add(a: Fraction, b: Fraction): Fraction { return fraction(a.num * b.den + b.num * a.den, a.den * b.den); }
export function mul(a: Fraction, b: Fraction): Fraction { return fraction(a.num * b.num, a.den * b.den); }
export function div(a: Fraction, b: Fraction): Fraction { return fraction(a.num * b.den, a.den * b.num); }
export function ratioOf(part: number, whole: number): Fraction | null { return whole > 0 ? fraction(BigInt(part), BigInt(whole)) : null; }
export function cmp(a: Fraction, b: Fraction): number { const l = a.num * b.den; const r = b.num * a.den; return l < r ? -1 : l > r ? 1 : 0; }
