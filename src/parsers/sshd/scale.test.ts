// Large configurations: parseSshdConfig must stay about linear in the size of the configuration (it used
// to re-read the whole configuration once per Match block: 800 blocks took half a minute, 10,000 never
// finished) and still print what the real `sshd -T` prints. The wall-clock bounds are only a safety net
// (they are far above the expected times of well under a second or two); the real point is that the run
// completes at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileTreeFromEntries, type TreeFile } from '../file-tree.js';
import { parseSshdConfig, renderSshdT, type SshdConfig } from './index.js';

const SSHD = '/usr/sbin/sshd';
const MAIN = '/etc/ssh/sshd_config';
const KEY_SHOWN = '/etc/ssh/ssh_host_ed25519_key';
const SAFETY_MS = 10_000;
const noSshd = existsSync(SSHD) ? false : `${SSHD} is not installed (apt-get install openssh-server)`;

type Files = Record<string, string>;

const MATCH_KEYWORDS = [
  'PasswordAuthentication no',
  'X11Forwarding no',
  'PermitTTY no',
  'AllowTcpForwarding no',
  'MaxAuthTries 3',
  'ClientAliveInterval 300',
  'AcceptEnv LANG',
  'ForceCommand internal-sftp',
  'ChrootDirectory /srv/%u',
  'PermitRootLogin no',
  'Banner none',
  'AuthenticationMethods publickey',
];

function criteria(i: number): string {
  switch (i % 6) {
    case 0:
      return `User u${i}`;
    case 1:
      return `Group g${i}`;
    case 2:
      return `Address 10.${i % 250}.0.0/16`;
    case 3:
      return `Host h${i}.example.com`;
    case 4:
      return `User a${i},b${i} Address 192.0.2.0/24`;
    default:
      return 'All';
  }
}

function keyword(i: number): string {
  return MATCH_KEYWORDS[i % MATCH_KEYWORDS.length] as string;
}

/** The tester's shape: a few global lines, then `n` small Match blocks. */
function manyMatchBlocks(n: number): Files {
  const lines = ['Port 22', 'PasswordAuthentication yes', 'UsePAM yes', 'Subsystem sftp internal-sftp'];
  for (let i = 0; i < n; i++) {
    lines.push(`Match ${criteria(i)}`, `    ${keyword(i)}`);
    if (i % 3 === 0) lines.push(`    ${keyword(i * 7 + 1)}`);
  }
  return { [MAIN]: `${lines.join('\n')}\n` };
}

/** Debian's layout with `n` drop-ins, half of them ending in a Match block. */
function manyDropins(n: number): Files {
  const files: Files = { [MAIN]: 'Include /etc/ssh/sshd_config.d/*.conf\nPort 22\nUsePAM yes\n' };
  for (let i = 0; i < n; i++) {
    const body = [`# drop-in ${i}`, keyword(i), `AcceptEnv V${i}`];
    if (i % 2 === 0) body.push(`Match ${criteria(i)}`, `  ${keyword(i + 3)}`);
    files[`/etc/ssh/sshd_config.d/${String(i).padStart(5, '0')}-x.conf`] = `${body.join('\n')}\n`;
  }
  return files;
}

/** About 5 MB in `n` keyword lines: long global lists first, then Match blocks every 10 lines. */
function bigConfig(n: number): Files {
  const out = ['Port 22'];
  for (let i = 0; out.length < n; i++) {
    const inMatch = i > n / 2;
    if (inMatch && i % 10 === 0) out.push(`Match ${criteria(i)}`);
    const k = inMatch
      ? keyword(i)
      : [
          `AcceptEnv VAR_${i}_ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnop`,
          `AllowUsers user${i}@10.0.0.0/8`,
          `DenyUsers bad${i}`,
          'PasswordAuthentication no',
          'X11Forwarding no',
        ][i % 5];
    out.push(`${k as string}   # comment ........`);
  }
  return { [MAIN]: `${out.join('\n')}\n` };
}

function hostDb(): TreeFile[] {
  return ['/etc/passwd', '/etc/group', '/etc/services']
    .filter((p) => existsSync(p))
    .map((p) => ({ path: p, content: readFileSync(p, 'utf8') }));
}

function timedParse(files: Files): { result: ReturnType<typeof parseSshdConfig>; ms: number } {
  const tree = fileTreeFromEntries([
    ...hostDb(),
    ...Object.entries(files).map(([path, content]) => ({ path, content })),
  ]);
  const t0 = performance.now();
  const result = parseSshdConfig(tree, { hostKeyFiles: [KEY_SHOWN] });
  return { result, ms: performance.now() - t0 };
}

/** `sshd -T` on a copy of the files (Include lines pointed at the copy), host key path shown as KEY_SHOWN. */
function realSshdT(files: Files): string {
  const work = mkdtempSync(join(tmpdir(), 'cdeguard-sshd-scale-'));
  try {
    mkdirSync('/run/sshd', { recursive: true });
    const key = join(work, 'hostkey');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const root = join(work, 'root');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      const rewritten = content.replace(/^[ \t]*include[ \t=].*$/gim, (line) =>
        line.split('/etc/ssh/').join(`${root}/etc/ssh/`),
      );
      writeFileSync(join(root, path), rewritten);
    }
    const out = execFileSync(SSHD, ['-T', '-f', join(root, MAIN), '-h', key], {
      cwd: '/',
      env: { PATH: '/usr/sbin:/usr/bin:/bin', LC_ALL: 'C' },
      maxBuffer: 1 << 28,
    });
    return out.toString('utf8').split(key).join(KEY_SHOWN);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function assertSameAsSshd(files: Files, config: SshdConfig): void {
  const want = realSshdT(files);
  const got = renderSshdT(config);
  if (got === want) return;
  const a = want.split('\n');
  const b = got.split('\n');
  const i = a.findIndex((l, k) => l !== b[k]);
  assert.fail(
    `first difference at output line ${i + 1}: sshd ${JSON.stringify(a[i])}, parser ${JSON.stringify(b[i])}`,
  );
}

/** Huge inputs end in bounded time, as a located "too large to evaluate" result: never a hang or a guess. */
for (const [name, files] of [
  ['10,000 Match blocks', manyMatchBlocks(10_000)],
  ['2,000 Include drop-ins with 1,000 Match blocks', manyDropins(2_000)],
  ['a 5 MB configuration with 100,000 keyword lines', bigConfig(100_000)],
] as const) {
  test(`${name}: bounded time, reported too large to evaluate`, (t) => {
    const { result, ms } = timedParse(files);
    t.diagnostic(`${name}: ${Math.round(ms)} ms`);
    assert.ok(ms < SAFETY_MS, `took ${Math.round(ms)} ms`);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.tooLarge, true);
      assert.match(result.error.message, /too large to evaluate/);
    }
  });
}

test('300 Match blocks: evaluated, and the same values as the real sshd -T', async (t) => {
  const files = manyMatchBlocks(300);
  const { result, ms } = timedParse(files);
  t.diagnostic(`300 Match blocks: ${Math.round(ms)} ms`);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  assert.ok(ms < SAFETY_MS, `took ${Math.round(ms)} ms`);
  assert.equal(result.config.matchBlocks.length, 300);
  await t.test('same global values as the real sshd -T', { skip: noSshd }, () => {
    assertSameAsSshd(files, result.config);
  });
});
