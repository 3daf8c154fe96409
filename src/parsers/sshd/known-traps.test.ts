// The sshd traps SSH-1..SSH-10 of docs/reference/known-traps.md as small named cases: the effective value
// and the file:line that won. Expected values were taken from the real `sshd -T`; where the binary is
// installed, each case is also re-run through it and the parser must agree key by key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileTreeFromEntries } from '../file-tree.js';
import { parseSshdConfig, parseSshdTOutput, type SshdConfig, type SshdOrigin } from './index.js';

const SSHD = '/usr/sbin/sshd';
const MAIN = '/etc/ssh/sshd_config';

/** /etc/passwd and /etc/group of the audited host, so that `Match Group` can be evaluated offline. */
const HOST_DB = {
  '/etc/passwd':
    'root:x:0:0:root:/root:/bin/bash\nsftpuser:x:1001:1001::/home/sftpuser:/usr/sbin/nologin\nalice:x:1002:1002::/home/alice:/bin/bash\n',
  '/etc/group': 'root:x:0:\nsftponly:x:1001:\nalice:x:1002:\nusers:x:100:alice\n',
};

function parse(files: Record<string, string>, connection?: { user: string }) {
  const tree = fileTreeFromEntries(
    Object.entries({ ...HOST_DB, ...files }).map(([path, content]) => ({ path, content })),
  );
  const r = parseSshdConfig(tree, connection ? { connection } : {});
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.config;
}

function value(config: SshdConfig, keyword: string): string | undefined {
  return config.settings.get(keyword)?.values.join(' ');
}

function origin(config: SshdConfig, keyword: string): SshdOrigin | undefined {
  return config.settings.get(keyword)?.origin;
}

/** Runs the real sshd -T on the same files (Include lines pointed at the copy) and compares the given keys. */
function crossCheck(files: Record<string, string>, config: SshdConfig, keys: string[]): void {
  if (!existsSync(SSHD)) return;
  const work = mkdtempSync(join(tmpdir(), 'cdeguard-trap-'));
  try {
    mkdirSync('/run/sshd', { recursive: true });
    const key = join(work, 'hostkey');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    for (const [path, content] of Object.entries(files)) {
      const real = join(work, path);
      mkdirSync(dirname(real), { recursive: true });
      writeFileSync(real, content.replace(/^([ \t]*include[ \t=]+)\/etc\/ssh\//gim, `$1${work}/etc/ssh/`));
    }
    const run = spawnSync(SSHD, ['-T', '-f', join(work, MAIN), '-h', key], { cwd: '/', encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const dump = parseSshdTOutput(run.stdout);
    assert.ok(dump.ok);
    for (const k of keys)
      assert.deepEqual(config.settings.get(k)?.values, dump.values.get(k), `sshd -T ${k}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

test('SSH-1 the first value wins, not the last', () => {
  const files = { [MAIN]: 'PasswordAuthentication yes\nUsePAM yes\nPasswordAuthentication no\n' };
  const c = parse(files);
  assert.equal(value(c, 'passwordauthentication'), 'yes');
  assert.deepEqual(origin(c, 'passwordauthentication'), { file: MAIN, line: 1 });
  crossCheck(files, c, ['passwordauthentication']);
});

test('SSH-2 a duplicate appended by the provider image loses', () => {
  const files = { [MAIN]: 'PermitRootLogin no\nX11Forwarding no\nPermitRootLogin yes\n' };
  const c = parse(files);
  assert.equal(value(c, 'permitrootlogin'), 'no');
  assert.deepEqual(origin(c, 'permitrootlogin'), { file: MAIN, line: 1 });
  crossCheck(files, c, ['permitrootlogin']);
});

test('SSH-3 the cloud-init drop-in sorts first and wins', () => {
  const files = {
    [MAIN]:
      'Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nPasswordAuthentication no\n',
    '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication yes\n',
    '/etc/ssh/sshd_config.d/50-open-hardening.conf': 'PasswordAuthentication no\n',
  };
  const c = parse(files);
  assert.equal(value(c, 'passwordauthentication'), 'yes');
  assert.deepEqual(origin(c, 'passwordauthentication'), {
    file: '/etc/ssh/sshd_config.d/50-cloud-init.conf',
    line: 1,
  });
  crossCheck(files, c, ['passwordauthentication']);
});

test('SSH-4 a value set only in a drop-in', () => {
  const files = {
    [MAIN]:
      'Include /etc/ssh/sshd_config.d/*.conf\n#PasswordAuthentication yes\n#PermitRootLogin prohibit-password\n',
    '/etc/ssh/sshd_config.d/60-keys-only.conf': '# keys only\nPasswordAuthentication no\n',
  };
  const c = parse(files);
  assert.equal(value(c, 'passwordauthentication'), 'no');
  assert.deepEqual(origin(c, 'passwordauthentication'), {
    file: '/etc/ssh/sshd_config.d/60-keys-only.conf',
    line: 2,
  });
  crossCheck(files, c, ['passwordauthentication']);
});

test('SSH-5 a keyword missing from a Match block inherits the global value', () => {
  const files = {
    [MAIN]:
      'Include /etc/ssh/sshd_config.d/*.conf\nSubsystem sftp internal-sftp\nMatch Group sftponly\n    ChrootDirectory %h\n',
    '/etc/ssh/sshd_config.d/10-idle.conf': 'ClientAliveInterval 300\nClientAliveCountMax 2\n',
  };
  const global = parse(files);
  assert.equal(value(global, 'clientaliveinterval'), '300');
  assert.equal(value(global, 'clientalivecountmax'), '2');
  assert.deepEqual(origin(global, 'clientaliveinterval'), {
    file: '/etc/ssh/sshd_config.d/10-idle.conf',
    line: 1,
  });
  crossCheck(files, global, ['clientaliveinterval', 'clientalivecountmax', 'chrootdirectory']);
  // The block overrides only what it sets.
  const block = global.matchBlocks[0];
  assert.equal(block?.criteria, 'Group sftponly');
  assert.deepEqual(
    block.settings.map((s) => [s.keyword, s.values]),
    [['chrootdirectory', ['%h']]],
  );
  // As `sshd -T -C user=<member of sftponly>` (verified with Match Group root / -C user=root on the binary).
  const member = parse(files, { user: 'sftpuser' });
  assert.equal(value(member, 'clientaliveinterval'), '300');
  assert.equal(value(member, 'clientalivecountmax'), '2');
  assert.equal(value(member, 'chrootdirectory'), '%h');
  assert.deepEqual(origin(member, 'chrootdirectory'), { file: MAIN, line: 4 });
});

test('SSH-6 the same secure value globally and inside a Match block', () => {
  const files = {
    [MAIN]:
      'PasswordAuthentication no\nX11Forwarding no\nMatch Group sftponly\n  PasswordAuthentication no\n  X11Forwarding no\n',
  };
  const c = parse(files);
  assert.equal(value(c, 'passwordauthentication'), 'no');
  assert.equal(value(c, 'x11forwarding'), 'no');
  crossCheck(files, c, ['passwordauthentication', 'x11forwarding']);
  const block = c.matchBlocks[0];
  assert.deepEqual(
    block?.settings.map((s) => [s.keyword, s.values, s.origin]),
    [
      ['passwordauthentication', ['no'], { file: MAIN, line: 4 }],
      ['x11forwarding', ['no'], { file: MAIN, line: 5 }],
    ],
  );
});

test('SSH-7 a Match block does not break evaluation, with and without it', () => {
  const withMatch = {
    [MAIN]:
      'PermitRootLogin no\nPasswordAuthentication no\nMatch Group users\n  ChrootDirectory /srv/%u\n  ForceCommand internal-sftp\n',
  };
  const without = { [MAIN]: 'PermitRootLogin no\nPasswordAuthentication no\n' };
  for (const files of [withMatch, without]) {
    const c = parse(files);
    assert.equal(value(c, 'permitrootlogin'), 'no');
    assert.equal(value(c, 'passwordauthentication'), 'no');
    // The global view does not apply the block: sshd -T prints no forced command.
    assert.equal(value(c, 'forcecommand'), 'none');
    crossCheck(files, c, ['permitrootlogin', 'passwordauthentication', 'forcecommand', 'chrootdirectory']);
  }
  const c = parse(withMatch);
  assert.deepEqual(
    c.matchBlocks[0]?.settings.map((s) => [s.keyword, s.values]),
    [
      ['forcecommand', ['internal-sftp']],
      ['chrootdirectory', ['/srv/%u']],
    ],
  );
  assert.equal(value(parse(withMatch, { user: 'alice' }), 'forcecommand'), 'internal-sftp');
});

test('SSH-8 comments never set a value; absent means the compiled-in default', () => {
  const a = { [MAIN]: '#PermitRootLogin yes\nPermitRootLogin no\n' };
  const ca = parse(a);
  assert.equal(value(ca, 'permitrootlogin'), 'no');
  assert.deepEqual(origin(ca, 'permitrootlogin'), { file: MAIN, line: 2 });
  crossCheck(a, ca, ['permitrootlogin']);
  for (const b of [{ [MAIN]: 'UsePAM yes\n' }, { [MAIN]: '#PermitEmptyPasswords no\n' }]) {
    const cb = parse(b);
    assert.equal(value(cb, 'permitemptypasswords'), 'no');
    const o = origin(cb, 'permitemptypasswords');
    assert.ok(o && 'default' in o, 'reported as the compiled-in default');
    assert.equal(o.product, 'OpenSSH 9.2p1');
    crossCheck(b, cb, ['permitemptypasswords']);
  }
});

test('SSH-9 keywords are case-insensitive and = is a separator', () => {
  const files = {
    [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\n',
    '/etc/ssh/sshd_config.d/00-hardening.conf':
      'passwordauthentication no\nPERMITROOTLOGIN no\nPermitEmptyPasswords=no\n',
  };
  const c = parse(files);
  const dropin = '/etc/ssh/sshd_config.d/00-hardening.conf';
  assert.equal(value(c, 'passwordauthentication'), 'no');
  assert.equal(value(c, 'permitrootlogin'), 'no');
  assert.equal(value(c, 'permitemptypasswords'), 'no');
  assert.deepEqual(origin(c, 'passwordauthentication'), { file: dropin, line: 1 });
  assert.deepEqual(origin(c, 'permitrootlogin'), { file: dropin, line: 2 });
  assert.deepEqual(origin(c, 'permitemptypasswords'), { file: dropin, line: 3 });
  crossCheck(files, c, ['passwordauthentication', 'permitrootlogin', 'permitemptypasswords']);
});

test('SSH-10 sshd -T dumps in either keyword case, tab separators in the config', () => {
  const lower = parseSshdTOutput('port 22\npasswordauthentication no\nloglevel INFO\n');
  const camel = parseSshdTOutput('Port 22\nPasswordAuthentication\tno\nLogLevel  INFO\n');
  for (const d of [lower, camel]) {
    assert.ok(d.ok);
    assert.deepEqual(d.values.get('passwordauthentication'), ['no']);
    assert.deepEqual(d.values.get('loglevel'), ['INFO']);
  }
  assert.ok(lower.ok && lower.values.get('permitrootlogin') === undefined, 'a missing keyword stays missing');
  assert.equal(parseSshdTOutput('').ok, false);
  assert.equal(parseSshdTOutput('<html>error</html>\n').ok, false);
  assert.equal(parseSshdTOutput('passwordauthentication no\n').ok, false, 'no port line: not a -T dump');
  const files = { [MAIN]: 'LogLevel\tINFO\nPasswordAuthentication\tno\n' };
  const c = parse(files);
  assert.equal(value(c, 'loglevel'), 'INFO');
  assert.deepEqual(origin(c, 'loglevel'), { file: MAIN, line: 1 });
  crossCheck(files, c, ['loglevel', 'passwordauthentication']);
});
