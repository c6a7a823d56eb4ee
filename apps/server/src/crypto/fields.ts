import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Field encryption for personal data at rest: SM4-CTR then HMAC-SM3 over version, IV and
 * ciphertext (encrypt-then-MAC), so a flipped byte fails loudly instead of decrypting to garbage.
 * Format: `v1.<iv b64url>.<ciphertext b64url>.<mac b64url>`.
 */
export interface FieldCrypto {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** Keyed SM3 of a normalised value, for equality search without plaintext (blind index). */
  blindIndex(value: string): string;
}

/**
 * IVs from a pool filled 4 KiB at a time: an intake encrypts four fields, and asking OpenSSL for
 * 16 bytes at a time cost more than the encryption. Each IV is still fresh random bytes used once.
 */
const IV_POOL = Buffer.alloc(4096);
let ivOffset = IV_POOL.length;
function freshIv(): Buffer {
  if (ivOffset + 16 > IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivOffset = 0;
  }
  const iv = Buffer.from(IV_POOL.subarray(ivOffset, ivOffset + 16));
  ivOffset += 16;
  return iv;
}

export function createFieldCrypto(masterKey: Buffer): FieldCrypto {
  if (masterKey.length !== 32) throw new Error('field key must be 32 bytes');
  const encKey = createHmac('sm3', masterKey).update('lianluo/enc').digest().subarray(0, 16);
  const macKey = createHmac('sm3', masterKey).update('lianluo/mac').digest();
  const idxKey = createHmac('sm3', masterKey).update('lianluo/idx').digest();
  const mac = (iv: Buffer, ct: Buffer) =>
    createHmac('sm3', macKey).update('v1').update(iv).update(ct).digest();
  return {
    encrypt(plain) {
      const iv = freshIv();
      const c = createCipheriv('sm4-ctr', encKey, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        ct.toString('base64url'),
        mac(iv, ct).toString('base64url'),
      ].join('.');
    },
    decrypt(token) {
      const [v, ivs, cts, macs] = token.split('.');
      if (v !== 'v1' || !ivs || cts === undefined || !macs) throw new Error('not a field ciphertext');
      const iv = Buffer.from(ivs, 'base64url');
      const ct = Buffer.from(cts, 'base64url');
      const expected = mac(iv, ct);
      const got = Buffer.from(macs, 'base64url');
      if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
        throw new Error('field ciphertext failed its integrity check');
      }
      const d = createDecipheriv('sm4-ctr', encKey, iv);
      return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sm3', idxKey).update(value.normalize('NFKC')).digest('base64url');
    },
  };
}

/**
 * The key lives outside the database: the configured one (LIANLUO_FIELD_KEY, read and checked by
 * config.ts) or a key file beside the data folder, created on first start with owner-only
 * permissions.
 */
export function loadFieldKey(configured: Buffer | undefined, keyFile: string): Buffer {
  if (configured) return configured;
  if (existsSync(keyFile)) return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
  mkdirSync(dirname(keyFile), { recursive: true });
  const k = randomBytes(32);
  writeFileSync(keyFile, k.toString('hex'), { mode: 0o600 });
  return k;
}
