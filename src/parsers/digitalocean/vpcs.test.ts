// VPC bodies from the corpus normalise to the values in the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeVpcs } from './vpcs.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/digitalocean/', import.meta.url));
const skip = existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`;
const load = (name: string): unknown => JSON.parse(readFileSync(CORPUS + name, 'utf8'));

test('corpus vpcs_list.json: three VPCs, two of them region defaults', { skip }, () => {
  const r = normalizeVpcs(load('vpcs_list.json'), 'digitalocean/vpcs.json');
  assert.deepEqual(r.diagnostics, []);
  assert.ok(r.value.known);
  assert.deepEqual(
    r.value.value.map((v) => [v.id, v.name, v.region, v.ipRange, v.default]),
    [
      ['5a4981aa-9653-4bd1-bef5-d6bff52042e4', 'env.prod-vpc', 'nyc1', '10.10.10.0/24', false],
      ['e0fe0f4d-596a-465e-a902-571ce57b79fa', 'default-nyc1', 'nyc1', '10.102.0.0/20', true],
      ['d455e75d-4858-4eec-8c95-da2f0a5f93a7', 'default-nyc3', 'nyc3', '10.100.0.0/20', true],
    ],
  );
  assert.deepEqual(r.value.value[0]!.source, {
    kind: 'do-api',
    endpoint: 'GET /v2/vpcs',
    id: '5a4981aa-9653-4bd1-bef5-d6bff52042e4',
    file: 'digitalocean/vpcs.json',
  });
});

test('corpus error bodies and wrong collections', { skip }, () => {
  const denied = normalizeVpcs(load('error_403_forbidden.json'), 'e.json');
  assert.ok(
    !denied.value.known &&
      denied.value.reason === 'access_denied' &&
      denied.value.detail.includes('vpc:read'),
  );
  const other = normalizeVpcs(load('vpc_members.json'), 'digitalocean/vpcs.json');
  assert.ok(
    !other.value.known && other.value.reason === 'unparseable' && other.value.detail.includes('"members"'),
  );
});

test('single VPC object, nulls and bad types', () => {
  const one = normalizeVpcs(
    { vpc: { id: 'v1', name: 'cde', region: 'fra1', ip_range: '10.116.0.0/20', extra: 1 } },
    'v.json',
  );
  assert.ok(one.value.known);
  assert.deepEqual(
    one.value.value.map((v) => [v.id, v.default, v.source.kind === 'do-api' && v.source.endpoint]),
    [['v1', false, 'GET /v2/vpcs/{vpc_id}']],
  );
  const nul = normalizeVpcs({ vpcs: null }, 'v.json');
  assert.ok(nul.value.known && nul.value.value.length === 0);
  const bad = normalizeVpcs({ vpcs: [{ id: 'v1', name: 'x', default: 'yes' }] }, 'v.json');
  assert.ok(!bad.value.known && bad.value.detail.includes('$.vpcs[0].default'));
  const range = normalizeVpcs({ vpcs: [{ id: 'v1', name: 'x', ip_range: 'ten' }] }, 'v.json');
  assert.ok(range.value.known);
  assert.deepEqual(
    range.diagnostics.map((d) => d.code),
    ['do-bad-address'],
  );
});
