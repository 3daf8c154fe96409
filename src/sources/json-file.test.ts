import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonText } from './json-file.js';

test('a JSON syntax error names the line and column', () => {
  const r = parseJsonText('{\n  "droplets": [\n    {"id": 1,}\n  ]\n}\n', 'digitalocean/droplets.json');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.diagnostic.file, 'digitalocean/droplets.json');
  assert.equal(r.diagnostic.line, 3);
  assert.equal(r.diagnostic.code, 'json-syntax');
});

test('a truncated file is reported at its end', () => {
  const r = parseJsonText('{\n "a": [1,\n', 'x.json');
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.diagnostic.line, 3);
});

test('valid JSON parses', () => {
  assert.deepEqual(parseJsonText('{"a":1}', 'x'), { ok: true, body: { a: 1 } });
});
