// What a user sees when the call or the input is wrong: one clear line or a located diagnostic,
// never a stack trace, and never a pass for what could not be read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdeguard } from '../helpers/cli.js';
import { projectRoot } from '../helpers/paths.js';
import type { Report } from '../../src/report/report.js';

function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdeguard-bad-'));
  cpSync(join(projectRoot, 'examples/acme-shop'), join(dir, 'acme-shop'), { recursive: true });
  return join(dir, 'acme-shop');
}

const noStack = (s: string) => {
  assert.doesNotMatch(s, /\n\s+at .+\(.*:\d+:\d+\)/, 'no stack trace');
};

test('a missing bundle: exit 2 and one line', () => {
  const r = cdeguard(['scan', 'no/such/bundle']);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /bundle not found: no\/such\/bundle/);
});

test('a bad flag or value: exit 2', () => {
  for (const args of [
    ['scan', 'examples/acme-shop', '--bogus'],
    ['scan', 'examples/acme-shop', '--format', 'xml'],
    ['scan'],
    ['frobnicate'],
  ]) {
    const r = cdeguard(args);
    assert.equal(r.status, 2, args.join(' '));
    noStack(r.stderr);
  }
});

test('--help and --version exit 0', () => {
  const h = cdeguard(['scan', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /--fail-on/);
  assert.match(cdeguard(['--version']).stdout, /^\d+\.\d+\.\d+/);
});

test('malformed DigitalOcean JSON: located diagnostic, its checks unknown, the rest still judged', () => {
  const bundle = copyExample();
  try {
    const f = join(bundle, 'digitalocean/firewalls.json');
    const text = readFileSync(f, 'utf8');
    writeFileSync(f, text.replace('"succeeded"', '"succeeded",,'));
    const badLine = text.slice(0, text.indexOf('"succeeded"')).split('\n').length;
    const r = cdeguard(['scan', bundle, '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    noStack(r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const d = report.diagnostics.find((x) => x.code === 'json-syntax');
    assert.equal(d?.file, 'digitalocean/firewalls.json');
    assert.equal(d?.line, badLine);
    const fw = report.findings.filter((x) => x.checkId === 'do-droplet-without-cloud-firewall');
    assert.ok(
      fw.length > 0 && fw.every((x) => x.status === 'unknown'),
      'no firewall verdict without firewalls',
    );
    assert.equal(
      report.findings.find(
        (x) => x.checkId === 'ssh-password-authentication-disabled' && x.resource.name === 'db-1',
      )?.status,
      'fail',
      'host checks still run',
    );
  } finally {
    rmSync(join(bundle, '..'), { recursive: true, force: true });
  }
});

test('an sshd configuration sshd would reject: unknown with file and line, not defaults', () => {
  const bundle = copyExample();
  try {
    rmSync(join(bundle, 'hosts/web-1/commands/sshd-T.txt'));
    writeFileSync(
      join(bundle, 'hosts/web-1/files/etc/ssh/sshd_config.d/00-acme-hardening.conf'),
      'PermitRootLogin no\nNoSuchKeyword yes\n',
    );
    const report = JSON.parse(cdeguard(['scan', bundle, '--format', 'json']).stdout) as Report;
    const f = report.findings.find(
      (x) => x.checkId === 'ssh-root-login-disabled' && x.resource.name === 'web-1',
    );
    assert.equal(f?.status, 'unknown');
    assert.match(f?.message ?? '', /00-acme-hardening\.conf:2/);
  } finally {
    rmSync(join(bundle, '..'), { recursive: true, force: true });
  }
});

test('an invalid cdeguard.yaml: exit 2 naming file:line:column', () => {
  const bundle = copyExample();
  try {
    writeFileSync(join(bundle, 'cdeguard.yaml'), 'version: 1\nscope:\n  cde:\n    tagz: [cde]\n');
    const r = cdeguard(['scan', bundle]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cdeguard\.yaml:4:5: scope\.cde: .*tagz/);
  } finally {
    rmSync(join(bundle, '..'), { recursive: true, force: true });
  }
});

test('a bundle with only host data: DigitalOcean checks are not tested, never passed', () => {
  const bundle = copyExample();
  try {
    rmSync(join(bundle, 'digitalocean'), { recursive: true });
    const report = JSON.parse(
      cdeguard(['scan', bundle, '--format', 'json', '--fail-on', 'none']).stdout,
    ) as Report;
    const doFindings = report.findings.filter((x) => x.checkId.startsWith('do-'));
    assert.ok(doFindings.length > 0);
    assert.ok(doFindings.every((x) => x.status === 'unknown'));
    assert.equal(report.requirements.find((r) => r.id === '1.4.1')?.status !== 'in_place', true);
  } finally {
    rmSync(join(bundle, '..'), { recursive: true, force: true });
  }
});

test('--output writes the report; an unwritable path is exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdeguard-out-'));
  try {
    const out = join(dir, 'r.sarif');
    const r = cdeguard(['scan', 'examples/acme-shop', '--format', 'sarif', '--output', out]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.ok(existsSync(out));
    const bad = cdeguard(['scan', 'examples/acme-shop', '--output', join(dir, 'missing/dir/r.txt')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /cannot write --output/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that stops early (| head) ends the scan quietly, not with a crash', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(projectRoot, 'src/cli/main.ts'),
      'scan',
      'examples/acme-shop',
      '--format',
      'json',
    ],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 1, 'the exit code still says there were failures');
  assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
});

test('a scope typo that selects no CDE droplet is not applied: failures are never hidden', () => {
  const bundle = copyExample();
  try {
    writeFileSync(
      join(bundle, 'cdeguard.yaml'),
      'version: 1\nscope:\n  cde:\n    tags: [CDE]\n  connected:\n    tags: [bastion]\n',
    );
    const r = cdeguard(['scan', bundle, '--format', 'json']);
    assert.equal(r.status, 1);
    const report = JSON.parse(r.stdout) as Report;
    assert.ok(
      report.diagnostics.some(
        (d) => d.code === 'scope-unmatched' && d.message.includes('did you mean "cde"'),
      ),
    );
    assert.ok(report.diagnostics.some((d) => d.code === 'scope-matches-nothing'));
    const ssh = report.findings.find(
      (f) => f.checkId === 'do-firewall-admin-port-open-to-internet' && f.resource.name === 'db-1',
    );
    assert.equal(ssh?.status, 'fail');
    assert.equal(ssh?.counts, true);
  } finally {
    rmSync(join(bundle, '..'), { recursive: true, force: true });
  }
});

test('incomplete pagination: the collection is not tested, never passed', () => {
  const bundle = copyExample();
  try {
    const f = join(bundle, 'digitalocean/firewalls.json');
    const body = JSON.parse(readFileSync(f, 'utf8')) as { links: unknown; meta: { total: number } };
    body.links = { pages: { next: 'https://api.digitalocean.com/v2/firewalls?page=2' } };
    body.meta.total = 9;
    writeFileSync(f, JSON.stringify(body));
    const report = JSON.parse(cdeguard(['scan', bundle, '--format', 'json']).stdout) as Report;
    const fw = report.findings.filter((x) => x.checkId === 'do-firewall-admin-port-open-to-internet');
    assert.ok(fw.length > 0 && fw.every((x) => x.status === 'unknown'));
  } finally {
    rmSync(join(bundle, '..'), { recursive: true, force: true });
  }
});

test('links, FIFOs and unreadable entries in a bundle are skipped with a diagnostic, never followed', () => {
  const bundle = copyExample();
  try {
    rmSync(join(bundle, 'digitalocean/droplets.json'));
    symlinkSync('/etc/passwd', join(bundle, 'digitalocean/droplets.json'));
    rmSync(join(bundle, 'hosts/db-1/files'), { recursive: true });
    rmSync(join(bundle, 'hosts/db-1/commands/sshd-T.txt'));
    symlinkSync(join(projectRoot, 'examples/acme-shop/hosts/web-1/files'), join(bundle, 'hosts/db-1/files'));
    rmSync(join(bundle, 'digitalocean/vpcs.json'));
    execFileSync('mkfifo', [join(bundle, 'digitalocean/vpcs.json')]);
    const r = cdeguard(['scan', bundle, '--format', 'json']);
    assert.notEqual(r.status, 3, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.ok(!r.stdout.includes('root:'), 'the linked file was not read');
    assert.ok(
      report.diagnostics.some((d) => d.code === 'symlink-skipped' && d.file === 'digitalocean/droplets.json'),
    );
    assert.ok(report.diagnostics.some((d) => d.code === 'symlink-skipped' && d.file === 'hosts/db-1/files'));
    assert.ok(
      report.diagnostics.some((d) => d.code === 'unexpected-entry' && d.file === 'digitalocean/vpcs.json'),
    );
    const db = report.findings.find(
      (f) => f.checkId === 'ssh-password-authentication-disabled' && f.resource.name === 'db-1',
    );
    assert.equal(db?.status, 'unknown', 'web-1 files behind a link must not stand in for db-1');
  } finally {
    rmSync(join(bundle, '..'), { recursive: true, force: true });
  }
});
