import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact } from './redact.js';

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
