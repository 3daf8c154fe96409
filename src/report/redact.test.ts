import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact, redactDeep } from './redact.js';

test('card numbers are masked to first six and last four, in any printed grouping', () => {
  assert.equal(redact('pan 4111111111111111 end'), 'pan 411111******1111 end');
  assert.equal(redact('4111 1111 1111 1111'), '411111******1111');
  assert.equal(redact('4111-1111-1111-1111'), '411111******1111');
  assert.equal(redact('378282246310005'), '378282*****0005');
});

test('digit runs that fail Luhn, or are too short, stay as they are', () => {
  assert.equal(redact('droplet 401100101'), 'droplet 401100101');
  assert.equal(redact('4111111111111112'), '4111111111111112');
});

test('tokens keep only their prefix', () => {
  const token = `dop_v1_${'ab12'.repeat(16)}`;
  assert.equal(redact(`token=${token}`), 'token=dop_v1_****');
  assert.equal(redact(`shpat_${'0f'.repeat(16)}`), 'shpat_****');
  assert.ok(!redact(`x ${token} y`).includes('ab12ab12'));
});

test('bypasses found in review: glued tokens, other separators, PANs inside longer runs', () => {
  const hex64 = 'ab'.repeat(32);
  for (const t of [
    `x_dop_v1_${hex64}`,
    `dop_v1_${hex64}_prod`,
    `dop_v1_${hex64}Z`,
    `app_shpat_${'0f'.repeat(16)}`,
  ]) {
    assert.ok(!redact(t).includes(hex64.slice(0, 16)) && !redact(t).includes('0f0f0f0f0f0f0f0f'), t);
  }
  for (const pan of [
    '4111_1111_1111_1111',
    '5555/5555/5555/4444',
    '4111:1111:1111:1111',
    '4111\t1111\t1111\t1111',
    '4111  1111  1111  1111',
    '4111+1111+1111+1111',
  ]) {
    assert.ok(
      !redact(`pan ${pan} end`)
        .replace(/[^0-9]/g, '')
        .includes('1111111111'),
      pan,
    );
  }
  assert.ok(!redact('ref 20264111111111111111 x').includes('4111111111111111'));
});

test('lists of ports and addresses stay readable', () => {
  const text =
    'ports 22, 23, 3389, 5900, 3306, 5432, 1433, 1521, 6379, 27017 from 203.0.113.10, 10.20.0.0/20';
  assert.equal(redact(text), text);
});

test('redactDeep masks every string of a report and neutralises terminal control characters', () => {
  const out = redactDeep({ a: ['4111 1111 1111 1111'], b: { c: 'name\u001b]0;pwned\u0007' }, n: 4 });
  assert.deepEqual(out, { a: ['411111******1111'], b: { c: 'name\\x1b]0;pwned\\x07' }, n: 4 });
});
