// What each Match block sets is what a connection matching only that block gets: an earlier block
// setting the same keyword must not hide a later block's value (that would let a check pass a config
// whose second Match turns passwords back on). Checked against the real sshd -T -C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileTreeFromEntries } from '../file-tree.js';
import { parseSshdConfig, parseSshdConfigWith } from './index.js';

const config = [
  'PasswordAuthentication no',
  'Match User alice',
  '  PasswordAuthentication no',
  '  X11Forwarding no',
  'Match User bob',
  '  PasswordAuthentication yes',
  'Match Group admins',
  '  PasswordAuthentication yes',
  '  X11Forwarding yes',
  '',
].join('\n');

const settingsOf = (criteria: string) => {
  const r = parseSshdConfig(fileTreeFromEntries([{ path: '/etc/ssh/sshd_config', content: config }]));
  assert.ok(r.ok);
  const b = r.config.matchBlocks.find((x) => x.criteria === criteria);
  assert.ok(b, criteria);
  return Object.fromEntries(b.settings.map((s) => [s.keyword, s.values.join(' ')]));
};

test('a later block keeps its own value for a keyword an earlier block also sets', () => {
  assert.deepEqual(settingsOf('User alice'), { passwordauthentication: 'no', x11forwarding: 'no' });
  assert.deepEqual(settingsOf('User bob'), { passwordauthentication: 'yes' });
  assert.deepEqual(settingsOf('Group admins'), { passwordauthentication: 'yes', x11forwarding: 'yes' });
});

test(
  'the real sshd agrees: a user matching only the second block gets its value',
  { skip: !existsSync('/usr/sbin/sshd') && 'needs /usr/sbin/sshd (Debian openssh-server)' },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdeguard-match-'));
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'hk')]);
      writeFileSync(join(dir, 'sshd_config'), config);
      const out = execFileSync(
        '/usr/sbin/sshd',
        ['-T', '-f', join(dir, 'sshd_config'), '-h', join(dir, 'hk'), '-C', 'user=bob,host=h,addr=192.0.2.1'],
        { encoding: 'utf8' },
      );
      assert.match(out, /^passwordauthentication yes$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('past the work limit the configuration is reported too large, never evaluated wrongly', () => {
  const big = [
    'PasswordAuthentication no',
    ...Array.from({ length: 300 }, (_v, i) => `Match User u${i}\n  X11Forwarding no`),
  ].join('\n');
  const r = parseSshdConfigWith(
    fileTreeFromEntries([{ path: '/etc/ssh/sshd_config', content: big }]),
    {},
    { workLimit: 1000 },
  );
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.tooLarge, true);
    assert.match(r.error.message, /too large to evaluate/);
  }
});
