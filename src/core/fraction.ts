// Exact rationals for ratios such as "1.2", "2/3", "0.6": the rules must never depend on floating point.

export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const QUOTIENT = /^(\d+)\s*\/\s*(\d+)$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

export function fraction(num: bigint, den: bigint): Fraction {
  if (den === 0n) throw new RangeError("denominator 0");
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den);
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** Parses a decimal ("1.2") or quotient ("2/3") string; null when it is neither. */
export function parseFraction(text: string): Fraction | null {
  const t = text.trim();
  const d = DECIMAL.exec(t);
  if (d) return fraction(BigInt(d[1]! + (d[2] ?? "")), 10n ** BigInt((d[2] ?? "").length));
  const q = QUOTIENT.exec(t);
  return q && BigInt(q[2]!) !== 0n ? fraction(BigInt(q[1]!), BigInt(q[2]!)) : null;
}

/** ⌈n × f⌉ for a whole number n ≥ 0. */
export function ceilTimes(n: number, f: Fraction): number {
  const p = BigInt(n) * f.num;
  return Number((p + f.den - 1n) / f.den);
}

export function formatFraction(f: Fraction): string {
  return f.den === 1n ? String(f.num) : `${f.num}/${f.den}`;
}

/** The double nearest to f (ties to even), however many digits its numerator and denominator have. */
export function toNumber(f: Fraction): number {
  if (f.num === 0n) return 0;
  const size = f.num < 0n ? -f.num : f.num;
  // The quotient scaled to 64 bits, its last bit set when anything is left over: then the one rounding
  // BigInt → Number does (to 53 bits) is the rounding of the exact value. Dividing two doubles is not,
  // once either side is over 2^53, and gives NaN once either is over 2^1024.
  const shift = 64 - (size.toString(2).length - f.den.toString(2).length);
  const [top, bottom] = shift >= 0 ? [size << BigInt(shift), f.den] : [size, f.den << BigInt(-shift)];
  const scaled = top / bottom | (top % bottom === 0n ? 0n : 1n);
  const half = Math.trunc(shift / 2);
  return (f.num < 0n ? -1 : 1) * Number(scaled) * 2 ** -half * 2 ** -(shift - half);
}

/** part / whole as a percentage with one decimal, rounded half up: 14/15 → "93.3%". */
export function percent1(part: number, whole: number): string {
  if (whole <= 0) return "—";
  const tenths = (BigInt(part) * 2000n + BigInt(whole)) / (2n * BigInt(whole));
  return `${tenths / 10n}.${tenths % 10n}%`;
}

/** A non-negative rational given as integer numerator/denominator, rounded half up to one decimal. */
export function decimal1(num: bigint, den: bigint): string {
  if (den <= 0n) return "—";
  const tenths = (num * 20n + den) / (2n * den);
  return `${tenths / 10n}.${tenths % 10n}`;
}
