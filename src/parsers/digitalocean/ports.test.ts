// Port strings: every spelling of "all ports" is 1-65535 for tcp/udp, ICMP has no ports (DO-2, DO-3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePorts, normalizePorts } from './ports.js';

test('DO-2: "0", "all", "", absent and "1-65535" are every port on tcp and udp', () => {
  for (const protocol of ['tcp', 'udp']) {
    for (const raw of ['0', 'all', 'ALL', '', '1-65535', '0-65535', undefined, null, 0]) {
      const r = normalizePorts(protocol, raw);
      assert.deepEqual(r.ports, { from: 1, to: 65535 }, `${protocol} ${String(raw)}`);
      assert.equal(r.problem, undefined);
    }
  }
  assert.equal(normalizePorts('tcp', '0').portsRaw, '0');
  assert.equal(normalizePorts('tcp', undefined).portsRaw, null);
});

test('DO-3: ICMP has no ports, whatever "ports" says', () => {
  for (const raw of ['0', '', undefined, '22']) {
    const r = normalizePorts('icmp', raw);
    assert.equal(r.ports, null);
    assert.equal(r.problem, undefined);
  }
  assert.equal(normalizePorts('icmp', '0').portsRaw, '0');
  assert.equal(describePorts('icmp', null, '0'), 'all ICMP');
});

test('single ports and ranges are read numerically, typos included', () => {
  assert.deepEqual(normalizePorts('tcp', '22').ports, { from: 22, to: 22 });
  assert.deepEqual(normalizePorts('tcp', 22).ports, { from: 22, to: 22 });
  assert.deepEqual(normalizePorts('tcp', '8000-9000').ports, { from: 8000, to: 9000 });
  assert.deepEqual(normalizePorts('udp', '1-65355').ports, { from: 1, to: 65355 });
  assert.deepEqual(normalizePorts('tcp', '1-65335').ports, { from: 1, to: 65335 });
  assert.deepEqual(normalizePorts('tcp', ' 27017 - 27019 ').ports, { from: 27017, to: 27019 });
});

test('garbage ports are null with the raw text kept and a problem reported', () => {
  for (const raw of ['ssh', '9000-8000', '65536', '22,80', '-1', '1-70000', '0-0']) {
    const r = normalizePorts('tcp', raw);
    assert.equal(r.ports, null, raw);
    assert.equal(r.portsRaw, raw);
    assert.ok(r.problem?.includes(raw), raw);
  }
});
