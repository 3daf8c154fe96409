// API behaviour of parseSshdConfig that the differential tests cannot reach (relative Include paths, the
// file list, Match block metadata, error shapes) and a fuzz run: the parser must never throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileTreeFromEntries } from '../file-tree.js';
import { corpus } from '../../../test/helpers/paths.js';
import { parseSshdConfig, renderSshdT } from './index.js';
import { mulberry32 } from '../../../test/helpers/rng.js';

const MAIN = '/etc/ssh/sshd_config';

const tree = (files: Record<string, string>) =>
  fileTreeFromEntries(Object.entries(files).map(([path, content]) => ({ path, content })));

test('a missing main file means the effective configuration is unknown', () => {
  const r = parseSshdConfig(
    tree({ '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication no\n' }),
  );
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.error.message.includes('/etc/ssh/sshd_config: No such file or directory'));
});

test('relative Include paths resolve against /etc/ssh, not the including file (servconf.c SSHDIR)', () => {
  const r = parseSshdConfig(
    tree({
      [MAIN]: 'Include sshd_config.d/*.conf\n',
      '/etc/ssh/sshd_config.d/a.conf': 'Include extra.conf\nPasswordAuthentication no\n',
      '/etc/ssh/extra.conf': 'PermitRootLogin no\n',
      '/etc/ssh/sshd_config.d/extra.conf.disabled': 'X11Forwarding yes\n',
    }),
  );
  assert.ok(r.ok);
  assert.deepEqual(r.config.files, [MAIN, '/etc/ssh/sshd_config.d/a.conf', '/etc/ssh/extra.conf']);
  assert.deepEqual(r.config.settings.get('permitrootlogin')?.origin, {
    file: '/etc/ssh/extra.conf',
    line: 1,
  });
  assert.deepEqual(r.config.settings.get('x11forwarding')?.values, ['no']);
});

test('accumulating keywords keep one origin per value', () => {
  const r = parseSshdConfig(
    tree({
      [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\nAcceptEnv LANG LC_*\nPort 22\n',
      '/etc/ssh/sshd_config.d/a.conf': 'AcceptEnv FOO\nPort 2222\n',
    }),
  );
  assert.ok(r.ok);
  const env = r.config.settings.get('acceptenv');
  assert.deepEqual(env?.values, ['FOO', 'LANG', 'LC_*']);
  assert.deepEqual(env?.valueOrigins, [
    { file: '/etc/ssh/sshd_config.d/a.conf', line: 1 },
    { file: MAIN, line: 2 },
    { file: MAIN, line: 2 },
  ]);
  assert.deepEqual(r.config.settings.get('port')?.values, ['2222', '22']);
});

test('a Match block brought in by a conditional Include names its enclosing block', () => {
  const r = parseSshdConfig(
    tree({
      [MAIN]: 'Match User carol\n  Include /etc/ssh/match.d/*.conf\n  X11Forwarding yes\n',
      '/etc/ssh/match.d/a.conf': 'PasswordAuthentication no\nMatch Address 10.0.0.0/8\n  PermitTTY no\n',
    }),
  );
  assert.ok(r.ok);
  const [outer, inner] = r.config.matchBlocks;
  assert.equal(outer?.criteria, 'User carol');
  assert.deepEqual(
    outer?.settings.map((s) => s.keyword),
    ['passwordauthentication', 'x11forwarding'],
  );
  assert.deepEqual(inner?.within, { file: MAIN, line: 1 });
  assert.deepEqual(
    inner?.settings.map((s) => [s.keyword, s.values]),
    [['permittty', ['no']]],
  );
  // With a connection that satisfies both, sshd -T -C applies both blocks.
  const both = parseSshdConfig(
    tree({
      [MAIN]: 'Match User carol\n  Include /etc/ssh/match.d/*.conf\n',
      '/etc/ssh/match.d/a.conf': 'Match Address 10.0.0.0/8\n  PermitTTY no\n',
    }),
    {
      connection: { user: 'carol', host: 'h', addr: '10.1.2.3' },
    },
  );
  assert.ok(both.ok);
  assert.deepEqual(both.config.settings.get('permittty')?.values, ['no']);
});

test('fatal errors name the file and line, like sshd', () => {
  const r = parseSshdConfig(
    tree({
      [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\n',
      '/etc/ssh/sshd_config.d/a.conf':
        '# x\nPasswordAuthentication no\nMatch User bob\n  Ciphers aes128-ctr\n',
    }),
  );
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.equal(r.error.file, '/etc/ssh/sshd_config.d/a.conf');
  assert.equal(r.error.line, 4);
  assert.match(r.error.message, /Directive 'Ciphers' is not allowed within a Match block/);
  assert.equal(r.diagnostics.at(-1)?.code, 'sshd-config-fatal');
});

test('Match LocalPort without lport fails only in test mode, and says so', () => {
  const files = { [MAIN]: 'Match LocalPort 2222\n  PasswordAuthentication no\n' };
  const plain = parseSshdConfig(tree(files));
  assert.ok(!plain.ok && plain.error.testModeOnly === true);
  const withPort = parseSshdConfig(tree(files), {
    connection: { user: 'a', host: 'h', addr: '10.0.0.1', laddr: '10.0.0.2', lport: 2222 },
  });
  assert.ok(withPort.ok);
  assert.deepEqual(withPort.config.settings.get('passwordauthentication')?.values, ['no']);
});

test('host keys from sshd -h are reported as command-line values', () => {
  const r = parseSshdConfig(tree({ [MAIN]: 'HostKey /etc/ssh/ssh_host_rsa_key\n' }), {
    hostKeyFiles: ['/k'],
  });
  assert.ok(r.ok);
  assert.deepEqual(r.config.settings.get('hostkey')?.values, ['/k', '/etc/ssh/ssh_host_rsa_key']);
  assert.deepEqual(r.config.settings.get('hostkey')?.valueOrigins[0], { file: '[command-line]', line: 0 });
  const d = parseSshdConfig(tree({ [MAIN]: '' }));
  assert.ok(d.ok);
  assert.deepEqual(d.config.settings.get('hostkey')?.values, [
    '/etc/ssh/ssh_host_rsa_key',
    '/etc/ssh/ssh_host_ecdsa_key',
    '/etc/ssh/ssh_host_ed25519_key',
  ]);
});

test('fuzz: random and mutated configurations never throw and never hit an internal error', () => {
  const rnd = mulberry32(42);
  const seeds: string[] = [];
  const dir = join(corpus, 'sshd');
  for (const c of readdirSync(dir)) {
    try {
      seeds.push(readFileSync(join(dir, c, 'root/etc/ssh/sshd_config'), 'utf8'));
    } catch {
      // not a case folder
    }
  }
  const alphabet = ' \t\r\n\0="\'#\\,:[]/!*?%~+-^abcXYZ0189.@\u00e9\u{1F600}';
  const words = [
    'Match',
    'Include',
    'User',
    'All',
    'Port',
    'Ciphers',
    'PasswordAuthentication',
    'yes',
    '/etc/ssh/*',
    'Address',
    '10.0.0.0/8',
    'none',
    'any',
    'LocalPort',
  ];
  for (let i = 0; i < 1500; i++) {
    let text: string;
    if (i % 3 === 0) {
      text = Array.from(
        { length: Math.floor(rnd() * 200) },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join('');
    } else if (i % 3 === 1) {
      text = Array.from({ length: Math.floor(rnd() * 30) }, () =>
        rnd() < 0.2 ? '\n' : `${words[Math.floor(rnd() * words.length)]}${rnd() < 0.3 ? '=' : ' '}`,
      ).join('');
    } else {
      const base = seeds[Math.floor(rnd() * seeds.length)] ?? '';
      const chars = Array.from(base);
      for (let m = 0; m < 5; m++)
        chars.splice(
          Math.floor(rnd() * (chars.length + 1)),
          rnd() < 0.5 ? 1 : 0,
          alphabet[Math.floor(rnd() * alphabet.length)] ?? '',
        );
      text = chars.join('');
    }
    const files = {
      [MAIN]: text,
      '/etc/ssh/sshd_config.d/a.conf': text.split('').reverse().join(''),
      '/etc/ssh/sshd_config.d/b.conf': `Include /etc/ssh/sshd_config.d/*.conf\n${text}`,
    };
    const r = parseSshdConfig(
      tree(files),
      rnd() < 0.5 ? { connection: { user: 'root', host: 'x', addr: '10.1.1.1' } } : {},
    );
    if (!r.ok) assert.doesNotMatch(r.error.message, /internal parser error/, JSON.stringify(text));
    else assert.ok(renderSshdT(r.config).startsWith('port '));
  }
});
