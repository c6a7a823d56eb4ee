import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFieldCrypto } from '../../crypto/fields.ts';
import { checkInToken, checkInTokenProblem } from './checkin-token.ts';

const crypto = createFieldCrypto(Buffer.alloc(32, 3));

test('a daily code is valid only at its station on its day', () => {
  const t = checkInToken(crypto, 'station-a', '2026-12-15');
  assert.equal(checkInTokenProblem(crypto, 'station-a', '2026-12-15', t), null);
  assert.match(checkInTokenProblem(crypto, 'station-b', '2026-12-15', t)!, /不属于该联络站/);
  assert.match(checkInTokenProblem(crypto, 'station-a', '2026-12-16', t)!, /只在当天有效/);
  assert.match(checkInTokenProblem(crypto, 'station-a', '2026-12-15', 'junk')!, /格式/);
  const other = createFieldCrypto(Buffer.alloc(32, 4));
  assert.match(checkInTokenProblem(other, 'station-a', '2026-12-15', t)!, /不属于/);
});
