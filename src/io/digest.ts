// SHA-256 for the audit trail (input hashes, SHA256SUMS). Loading Node's crypto module takes about as
// long as a whole township tally spends counting, so data under SMALL bytes — every file of a township
// session — is hashed by the plain implementation below, and only larger data loads node:crypto. Both
// give the same digest (test/io/digest.test.ts compares them on random data of every length).

/** Up to this many bytes, hashing here is quicker than loading node:crypto first. */
export const SMALL = 256 << 10;

export interface Hasher {
  update(data: Uint8Array | string): Hasher;
  /** The digest as lowercase hex; the hasher is spent afterwards. */
  digest(): string;
}

const K = Uint32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

const encoder = new TextEncoder();

/** FIPS 180-4 SHA-256, fed in pieces. */
class SmallSha256 implements Hasher {
  private readonly h = Uint32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
  private readonly w = new Uint32Array(64);
  private readonly block = new Uint8Array(64);
  private filled = 0;
  private length = 0;

  update(data: Uint8Array | string): Hasher {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    this.length += bytes.length;
    let p = 0;
    if (this.filled > 0) {
      const take = Math.min(64 - this.filled, bytes.length);
      this.block.set(bytes.subarray(0, take), this.filled);
      this.filled += take;
      p = take;
      if (this.filled < 64) return this;
      this.compress(this.block, 0);
      this.filled = 0;
    }
    for (; p + 64 <= bytes.length; p += 64) this.compress(bytes, p);
    if (p < bytes.length) {
      this.block.set(bytes.subarray(p), 0);
      this.filled = bytes.length - p;
    }
    return this;
  }

  digest(): string {
    const bits = this.length * 8;
    const tail = new Uint8Array(this.filled < 56 ? 64 - this.filled : 128 - this.filled);
    tail[0] = 0x80;
    // The length in bits, big-endian, in the last eight bytes (files here stay far below 2^53 bits).
    const hi = Math.floor(bits / 0x100000000), lo = bits >>> 0;
    const n = tail.length;
    tail[n - 8] = hi >>> 24; tail[n - 7] = hi >>> 16; tail[n - 6] = hi >>> 8; tail[n - 5] = hi;
    tail[n - 4] = lo >>> 24; tail[n - 3] = lo >>> 16; tail[n - 2] = lo >>> 8; tail[n - 1] = lo;
    this.update(tail);
    let hex = "";
    for (const word of this.h) hex += word.toString(16).padStart(8, "0");
    return hex;
  }

  private compress(bytes: Uint8Array, p: number): void {
    const w = this.w, h = this.h;
    for (let i = 0; i < 16; i++, p += 4) w[i] = (bytes[p]! << 24) | (bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!;
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!, b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, k = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = h[0]! + a; h[1] = h[1]! + b; h[2] = h[2]! + c; h[3] = h[3]! + d;
    h[4] = h[4]! + e; h[5] = h[5]! + f; h[6] = h[6]! + g; h[7] = h[7]! + k;
  }
}

/** Node's SHA-256 (OpenSSL), for large data. */
function nodeSha256(): Hasher {
  const hash = process.getBuiltinModule("node:crypto").createHash("sha256");
  const hasher: Hasher = {
    update(data) { hash.update(data); return hasher; },
    digest: () => hash.digest("hex"),
  };
  return hasher;
}

/** A SHA-256 hasher for data of about `size` bytes (unknown: assume large). */
export function createSha256(size = Infinity): Hasher {
  return size <= SMALL ? new SmallSha256() : nodeSha256();
}

/** The hex SHA-256 of some bytes or a string (as UTF-8). */
export function sha256(data: Uint8Array | string): string {
  // A string's UTF-8 takes at most three bytes per UTF-16 unit.
  const size = typeof data === "string" ? data.length * 3 : data.length;
  return createSha256(size).update(data).digest();
}
