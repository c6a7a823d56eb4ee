import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createFieldCrypto } from './fields.ts';

describe('field encryption', () => {
  const crypto = createFieldCrypto(randomBytes(32));

  test('decrypts what it encrypted, Chinese included', () => {
    for (const plain of ['李四海', '13912345678', '城关镇石桥村3组18号', '']) {
      assert.equal(crypto.decrypt(crypto.encrypt(plain)), plain);
    }
  });

  test('never reuses an IV, across refills of the pool', () => {
    const ivs = new Set<string>();
    // 4 KiB of pool is 256 IVs: go through it several times.
    for (let i = 0; i < 1000; i++) ivs.add(crypto.encrypt('13912345678').split('.')[1]!);
    assert.equal(ivs.size, 1000);
  });

  test('a flipped byte or another key fails loudly', () => {
    const token = crypto.encrypt('李四海');
    const [v, iv, ct, mac] = token.split('.');
    const flipped = Buffer.from(ct!, 'base64url');
    flipped[0]! ^= 1;
    assert.throws(() => crypto.decrypt([v, iv, flipped.toString('base64url'), mac].join('.')), /integrity/);
    assert.throws(() => createFieldCrypto(randomBytes(32)).decrypt(token), /integrity/);
    assert.throws(() => crypto.decrypt('not a token'), /not a field ciphertext/);
  });

  test('the blind index is stable for one key, different for another, and normalises width', () => {
    assert.equal(crypto.blindIndex('13912345678'), crypto.blindIndex('１３９１２３４５６７８'));
    assert.notEqual(
      crypto.blindIndex('13912345678'),
      createFieldCrypto(randomBytes(32)).blindIndex('13912345678'),
    );
  });
});
