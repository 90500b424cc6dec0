// SHA-256 for the audit trail (input hashes, SHA256SUMS), by node:crypto.
import { createHash } from "node:crypto";

export interface Hasher {
  update(data: Uint8Array | string): Hasher;
  /** The digest as lowercase hex; the hasher is spent afterwards. */
  digest(): string;
}

/** A SHA-256 hasher fed in pieces. The size is ignored (kept so that callers passing it still compile). */
export function createSha256(_size?: number): Hasher {
  const hash = createHash("sha256");
  const hasher: Hasher = { update(data) { hash.update(data); return hasher; }, digest: () => hash.digest("hex") };
  return hasher;
}

/** The hex SHA-256 of some bytes or a string (as UTF-8). */
export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}
