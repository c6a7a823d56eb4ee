/**
 * Small portable helpers (no Buffer, no crypto module: the package also runs in the browser).
 */

/** Seeded PRNG (mulberry32): deterministic shuffles for training and benchmarks. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** In-place Fisher–Yates shuffle with the given PRNG. */
export function shuffle<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * 64-bit content hash (two independent 32-bit FNV-1a lanes) as 16 hex digits. Used to name model
 * versions; not cryptographic.
 */
export function contentHash(chunks: readonly Uint8Array[]): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      a = Math.imul(a ^ c[i], 0x01000193);
      b = Math.imul(b ^ c[i] ^ 0xa5, 0x01000193) ^ (b >>> 15);
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Base64 of bytes (standard alphabet, padded). */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += B64[n >>> 18] + B64[(n >>> 12) & 63] + B64[(n >>> 6) & 63] + B64[n & 63];
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    chunk += `${B64[n >>> 18]}${B64[(n >>> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk += `${B64[n >>> 18]}${B64[(n >>> 12) & 63]}${B64[(n >>> 6) & 63]}=`;
  }
  parts.push(chunk);
  return parts.join('');
}

/** Bytes of a base64 string; throws on characters outside the alphabet. */
export function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) throw new Error(`invalid base64 at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Unsigned LEB128 varints (delta-coded sorted feature ids stay small). */
export function encodeVarints(values: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let v = values[i] >>> 0;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  }
  return Uint8Array.from(out);
}

/** Inverse of `encodeVarints`; throws if the data ends inside a number. */
export function decodeVarints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let v = 0;
  let shift = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    v |= (b & 0x7f) << shift;
    if (b & 0x80) {
      shift += 7;
      if (shift > 28) throw new Error('varint too long');
    } else {
      out.push(v >>> 0);
      v = 0;
      shift = 0;
    }
  }
  if (shift !== 0) throw new Error('truncated varint');
  return out;
}

/** Milliseconds since epoch of a Date or ISO string; NaN when unparseable. */
export function toTime(at: Date | string | undefined | null): number {
  if (at instanceof Date) return at.getTime();
  if (typeof at === 'string') return Date.parse(at);
  return Number.NaN;
}
