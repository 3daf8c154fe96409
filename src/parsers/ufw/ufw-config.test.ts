import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileTreeFromEntries } from '../file-tree.js';
import { parseUfwConfig, policyDenies, ufwEnabled } from './ufw-config.js';
import { corpus, treeEntries } from '../../../test/helpers/paths.js';

test('ufw enabled with rules (real ufw 0.36.2 output in the corpus)', () => {
  const r = parseUfwConfig(fileTreeFromEntries(treeEntries(join(corpus, 'host-firewall/ufw-enabled-netns'))));
  assert.ok(r);
  assert.equal(ufwEnabled(r.config), true);
  assert.equal(r.config.enabled?.line, 6, 'ENABLED=yes is line 6 of the corpus ufw.conf');
  assert.equal(r.config.defaults.input?.value, 'DROP');
  assert.equal(r.config.defaults.output?.value, 'ACCEPT');
  assert.equal(policyDenies(r.config.defaults.input), true);
  assert.equal(policyDenies(r.config.defaults.output), false);
  // user.rules holds six tuples (see the corpus README's rule list); user6.rules mirrors the v6 ones.
  const v4 = r.config.rules.filter((x) => x.family === 4);
  assert.deepEqual(
    v4.map((x) => `${x.action} ${x.protocol} ${x.dport} ${x.src} ${x.direction}`),
    [
      'limit tcp 22 0.0.0.0/0 in',
      'allow tcp 80,443 0.0.0.0/0 in',
      'allow tcp 5432 10.10.0.0/16 in',
      'deny tcp 23 0.0.0.0/0 in',
      'allow any 9100 0.0.0.0/0 in_eth1',
      'route:allow any any 0.0.0.0/0 in_eth1!out_eth0',
    ],
  );
  assert.equal(v4[2]?.comment, 'db from vpc', 'hex comment 64622066726f6d20767063 decoded');
  assert.equal(r.diagnostics.length, 0);
});

test('Debian package defaults: ufw shipped disabled, default deny incoming', () => {
  const r = parseUfwConfig(fileTreeFromEntries(treeEntries(join(corpus, 'debian12/ufw'))));
  assert.ok(r);
  assert.equal(ufwEnabled(r.config), false);
  assert.equal(r.config.enabled?.value, 'no');
  assert.equal(r.config.defaults.input?.value, 'DROP');
  assert.equal(r.config.rules.length, 0);
});

test('ufw.conf not collected: undefined, never a default', () => {
  assert.equal(parseUfwConfig(fileTreeFromEntries([])), undefined);
});

test('only the exact word yes enables ufw; a missing defaults file is a diagnostic', () => {
  for (const [value, expected] of [
    ['yes', true],
    ['"yes"', true],
    ['YES', true],
    ['no', false],
    ['yess', false],
    ['', false],
  ] as const) {
    const r = parseUfwConfig(
      fileTreeFromEntries([{ path: '/etc/ufw/ufw.conf', content: `ENABLED=${value}\n` }]),
    );
    assert.ok(r);
    assert.equal(ufwEnabled(r.config), expected, value);
    assert.equal(r.diagnostics[0]?.code, 'ufw-defaults-missing');
  }
});

test('unknown policy words are undecided, not allow or deny', () => {
  assert.equal(policyDenies({ value: 'MAYBE', file: 'x', line: 1 }), undefined);
  assert.equal(policyDenies(undefined), undefined);
  assert.equal(policyDenies({ value: 'reject', file: 'x', line: 1 }), true);
});
