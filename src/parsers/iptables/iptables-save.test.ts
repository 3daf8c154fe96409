import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIptablesSave, ufwChainsLoaded } from './iptables-save.js';
import { corpus } from '../../../test/helpers/paths.js';

const fw = join(corpus, 'host-firewall');

test('iptables-save of a loaded ufw (real iptables 1.8.9 output)', () => {
  const text = readFileSync(join(fw, 'ufw-enabled-netns/iptables-save.txt'), 'utf8');
  const { ruleset, diagnostics } = parseIptablesSave(text, 'iptables-save.txt');
  assert.deepEqual(diagnostics, []);
  const filter = ruleset.tables.get('filter');
  assert.ok(filter);
  assert.equal(filter.chains.get('INPUT')?.policy, 'DROP');
  assert.equal(filter.chains.get('OUTPUT')?.policy, 'ACCEPT');
  assert.equal(filter.chains.get('ufw-user-input')?.policy, null);
  // Count independently of the parser: every "-A" line in the *filter section of the dump.
  const section = text.slice(text.indexOf('*filter'), text.indexOf('COMMIT', text.indexOf('*filter')));
  const expected = section.split('\n').filter((l) => l.startsWith('-A ')).length;
  assert.equal(filter.rules.length, expected);
  assert.equal(ufwChainsLoaded(ruleset), true);
  const limit = filter.rules.find((r) => r.chain === 'ufw-user-input' && r.target === 'ufw-user-limit');
  assert.ok(limit, 'the LIMIT rule jumps to ufw-user-limit');
});

test('hand-written iptables-persistent ruleset: INPUT policy ACCEPT, a DNAT in nat, no ufw', () => {
  const text = readFileSync(join(fw, 'iptables-netns/handwritten.iptables-save.txt'), 'utf8');
  const { ruleset, diagnostics } = parseIptablesSave(text, 'x');
  assert.deepEqual(diagnostics, []);
  assert.equal(ruleset.tables.get('filter')?.chains.get('INPUT')?.policy, 'ACCEPT');
  assert.ok(ruleset.tables.get('nat')?.rules.some((r) => r.target === 'DNAT' && r.tokens.includes('8080')));
  assert.equal(ufwChainsLoaded(ruleset), false);
});

test('quoted comments stay one token; junk lines are diagnostics with line numbers', () => {
  const { ruleset, diagnostics } = parseIptablesSave(
    '*filter\n:INPUT DROP [0:0]\n-A INPUT -m comment --comment "allow \\"ssh\\" in" -j ACCEPT\nbogus\nCOMMIT\nstray\n',
    'f',
  );
  const rule = ruleset.tables.get('filter')?.rules[0];
  assert.ok(rule?.tokens.includes('allow "ssh" in'));
  assert.deepEqual(
    diagnostics.map((d) => d.line),
    [4, 6],
  );
});
