// Droplet bodies from the corpus normalise to the values in the files; malformed bodies become unknown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Droplet } from '../../model/digitalocean.js';
import { normalizeDroplets } from './droplets.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/digitalocean/', import.meta.url));
const skip = existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}`;
const load = (name: string): unknown => JSON.parse(readFileSync(CORPUS + name, 'utf8'));

function knownDroplets(body: unknown, file: string): Droplet[] {
  const r = normalizeDroplets(body, file);
  assert.ok(r.value.known, r.value.known ? '' : r.value.detail);
  return r.value.value;
}

test('corpus droplets_list.json: three Droplets with their networks split by type', { skip }, () => {
  const r = normalizeDroplets(load('droplets_list.json'), 'digitalocean/droplets.json');
  assert.deepEqual(r.diagnostics, []);
  assert.ok(r.value.known);
  assert.deepEqual(r.value.source, {
    kind: 'do-api',
    endpoint: 'GET /v2/droplets',
    file: 'digitalocean/droplets.json',
  });
  const ds = r.value.value;
  assert.deepEqual(
    ds.map((d) => d.id),
    [3164444, 3164459, 3164412],
  );
  assert.deepEqual(
    ds.map((d) => d.name),
    ['example.com', 'assets.example.com', 'stage.example.com'],
  );
  const [a, b, c] = ds as [Droplet, Droplet, Droplet];
  assert.deepEqual(a, {
    id: 3164444,
    name: 'example.com',
    status: 'active',
    tags: ['web', 'env:prod'],
    vpcUuid: '760e09ef-dc84-11e8-981e-3cfdfeaae000',
    publicIpv4: ['192.241.165.154'],
    privateIpv4: ['10.128.192.124'],
    ipv6: ['2604:a880:0:1010::18a:a001'],
    region: 'nyc3',
    source: {
      kind: 'do-api',
      endpoint: 'GET /v2/droplets',
      id: '3164444',
      file: 'digitalocean/droplets.json',
    },
  });
  assert.deepEqual(
    [b.publicIpv4, b.privateIpv4, b.ipv6, b.tags],
    [['162.243.0.4'], ['10.128.192.138'], [], ['storage', 'env:prod']],
  );
  assert.deepEqual(
    [c.publicIpv4, c.vpcUuid, c.tags],
    [['192.241.247.248'], '5a4981aa-9653-4bd1-bef5-d6bff52042e4', ['env:stage']],
  );
});

test('corpus droplets_list_by_tag.json: the two Droplets tagged "env:prod"', { skip }, () => {
  const ds = knownDroplets(load('droplets_list_by_tag.json'), 'by-tag.json');
  assert.deepEqual(
    ds.map((d) => d.id),
    [3164444, 3164459],
  );
  assert.ok(ds.every((d) => d.tags.includes('env:prod')));
});

test('corpus droplet_get.json: a single-object body is a one-element list', { skip }, () => {
  const r = normalizeDroplets(load('droplet_get.json'), 'droplet.json');
  assert.ok(r.value.known);
  assert.equal(r.value.value.length, 1);
  const d = r.value.value[0]!;
  assert.equal(d.id, 3164444);
  assert.deepEqual(d.source, {
    kind: 'do-api',
    endpoint: 'GET /v2/droplets/{droplet_id}',
    id: '3164444',
    file: 'droplet.json',
  });
  // The private gateway is the literal "nil": never parsed, never an error.
  assert.deepEqual(d.privateIpv4, ['10.128.192.124']);
  assert.deepEqual(r.diagnostics, []);
});

test('corpus error bodies: 403 is access_denied, the others not_collected', { skip }, () => {
  const cases: [string, string][] = [
    ['error_403_forbidden.json', 'access_denied'],
    ['error_401_unauthorized.json', 'not_collected'],
    ['error_404_not_found.json', 'not_collected'],
    ['error_429_too_many_requests.json', 'not_collected'],
    ['error_500_server_error.json', 'not_collected'],
  ];
  for (const [file, reason] of cases) {
    const r = normalizeDroplets(load(file), file);
    assert.equal(r.value.known, false, file);
    if (!r.value.known) {
      assert.equal(r.value.reason, reason, file);
      assert.ok(r.value.detail.includes(file));
    }
    assert.equal(r.diagnostics[0]?.code, 'do-api-error');
  }
  const forbidden = normalizeDroplets(load('error_403_forbidden.json'), 'x.json');
  assert.ok(!forbidden.value.known && forbidden.value.detail.includes('droplet:read'));
  // The status decides even when the id is unexpected.
  const byStatus = normalizeDroplets({ id: 'whatever', message: 'no' }, 'x.json', { httpStatus: 403 });
  assert.ok(!byStatus.value.known && byStatus.value.reason === 'access_denied');
});

test('corpus: another collection given as Droplets is unparseable, naming the keys found', { skip }, () => {
  const r = normalizeDroplets(load('vpcs_list.json'), 'digitalocean/droplets.json');
  assert.ok(!r.value.known);
  assert.equal(r.value.reason, 'unparseable');
  assert.ok(r.value.detail.includes('digitalocean/droplets.json'));
  assert.ok(r.value.detail.includes('"vpcs"'));
  assert.equal(r.diagnostics[0]?.code, 'do-unparseable');
});

const minimal = (over: Record<string, unknown> = {}) => ({
  id: 1,
  name: 'web-1',
  status: 'active',
  networks: {
    v4: [{ ip_address: '203.0.113.10', netmask: '255.255.255.0', gateway: '203.0.113.1', type: 'public' }],
    v6: [],
  },
  ...over,
});

test('lenient: nulls for arrays, extra fields, missing optional fields', () => {
  const ds = knownDroplets(
    {
      droplets: [
        minimal({
          tags: null,
          vpc_uuid: null,
          features: ['x'],
          brand_new_field: { a: 1 },
          networks: { v4: null, v6: null },
        }),
      ],
      links: {},
      meta: { total: 1 },
    },
    'f.json',
  );
  assert.deepEqual(ds[0], {
    id: 1,
    name: 'web-1',
    status: 'active',
    tags: [],
    publicIpv4: [],
    privateIpv4: [],
    ipv6: [],
    source: { kind: 'do-api', endpoint: 'GET /v2/droplets', id: '1', file: 'f.json' },
  });
  assert.deepEqual(knownDroplets({ droplets: null }, 'f.json'), []);
  assert.deepEqual(knownDroplets({ droplets: [] }, 'f.json'), []);
});

test('IPv6 is always public; an unknown v4 type counts as public and is reported', () => {
  const r = normalizeDroplets(
    {
      droplets: [
        minimal({
          networks: {
            v4: [{ ip_address: '198.51.100.4', gateway: 'nil', type: 'anchor' }],
            v6: [{ ip_address: '2001:db8::10', netmask: 64, gateway: '2001:db8::1', type: 'private' }],
          },
        }),
      ],
    },
    'f.json',
  );
  assert.ok(r.value.known);
  assert.deepEqual(r.value.value[0]!.publicIpv4, ['198.51.100.4']);
  assert.deepEqual(r.value.value[0]!.ipv6, ['2001:db8::10']);
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['do-unknown-network-type'],
  );
});

test('wrong types become unparseable with the JSON path, never a throw', () => {
  const cases: [unknown, string][] = [
    [{ droplets: [minimal({ id: 'one' })] }, '$.droplets[0].id'],
    [{ droplets: [minimal(), minimal({ networks: undefined })] }, '$.droplets[1].networks'],
    [{ droplets: [minimal({ tags: 'web' })] }, '$.droplets[0].tags'],
    [{ droplets: 'nope' }, '$.droplets'],
    [{ droplet: [minimal()] }, '$.droplet'],
    [{ droplet: minimal({ name: 5 }) }, '$.droplet.name'],
    [[minimal()], 'an array'],
    [null, 'null'],
    ['text', 'string'],
    [{}, 'no keys'],
  ];
  for (const [body, path] of cases) {
    const r = normalizeDroplets(body, 'bundle/digitalocean/droplets.json');
    assert.ok(!r.value.known, JSON.stringify(body));
    assert.equal(r.value.reason, 'unparseable');
    assert.ok(r.value.detail.includes(path), `${r.value.detail} should name ${path}`);
    assert.ok(r.value.detail.includes('bundle/digitalocean/droplets.json'));
    assert.equal(r.diagnostics.length, 1);
  }
});

test('an incomplete list is reported: a next page, or fewer items than meta.total', () => {
  const r = normalizeDroplets(
    {
      droplets: [minimal()],
      links: { pages: { next: 'https://api.digitalocean.com/v2/droplets?page=2&per_page=1' } },
      meta: { total: 2 },
    },
    'f.json',
  );
  assert.ok(r.value.known);
  assert.deepEqual(r.diagnostics.map((d) => d.code).sort(), ['do-count-mismatch', 'do-more-pages']);
});

test('the malformed flat links shape is reported, the Droplets are still read', () => {
  const r = normalizeDroplets(
    {
      droplets: [minimal()],
      links: { next: 'https//api.digitalocean.com/v2/droplets?page=2' },
      meta: { total: 1 },
    },
    'f.json',
  );
  assert.ok(r.value.known);
  assert.equal(r.value.value.length, 1);
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['do-links-malformed'],
  );
});
