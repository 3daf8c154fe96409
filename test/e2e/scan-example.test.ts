// The README's main job, end to end: `cdeguard scan examples/acme-shop`, in every output format.
// Expected findings come from examples/acme-shop/README.md, worked out by hand from the bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cdeguard } from '../helpers/cli.js';
import type { Report } from '../../src/report/report.js';

// Terminal colour escapes, built without a control character in a regex literal.
const ESC_OPEN = new RegExp(`${String.fromCharCode(27)}\\[`);
const ESC_RED = new RegExp(`${String.fromCharCode(27)}\\[31m`);

const run = (...extra: string[]) => cdeguard(['scan', 'examples/acme-shop', ...extra]);

const json = (): Report => {
  const r = run('--format', 'json');
  assert.equal(r.status, 1, r.stderr);
  return JSON.parse(r.stdout) as Report;
};

function statusOf(report: Report, checkId: string, resource: string): string | undefined {
  return report.findings.find((f) => f.checkId === checkId && f.resource.name === resource)?.status;
}

test('terminal summary: requirements first, then the failing findings, exit 1', () => {
  const r = run('--no-color');
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  const out = r.stdout;
  assert.match(out, /PCI DSS v4\.0\.1/);
  assert.match(out, /Requirements \(PCI DSS v4\.0\.1\)/);
  assert.ok(out.indexOf('Requirements') < out.indexOf('Failing'), 'requirements come before findings');
  assert.doesNotMatch(out, ESC_OPEN, 'no colour codes with --no-color');
  // The README promises these failures, each naming its evidence.
  assert.match(out, /ssh-password-authentication-disabled {2}db-1/);
  assert.match(out, /50-cloud-init\.conf:1/);
  assert.match(out, /do-firewall-admin-port-open-to-internet {2}db-1/);
  assert.match(out, /ssh-root-login-disabled {2}bastion-1/);
  assert.match(out, /host-ufw-enabled {2}db-1/);
  // Card numbers are found and shown masked, never in full.
  assert.match(out, /data-no-card-numbers-in-files {2}data\//);
  assert.match(out, /\*{12}1111/);
  assert.doesNotMatch(out, /4111 1111 1111 1111|4111111111111111|5555555555554444/);
});

test('the example produces exactly the verdicts its README promises', () => {
  const report = json();
  const expected: [string, string, string][] = [
    ['do-droplet-without-cloud-firewall', 'worker-1', 'fail'],
    ['do-droplet-without-cloud-firewall', 'web-1', 'pass'],
    ['do-droplet-without-cloud-firewall', 'db-1', 'pass'],
    ['do-droplet-without-cloud-firewall', 'bastion-1', 'pass'],
    ['do-firewall-admin-port-open-to-internet', 'db-1', 'fail'],
    ['do-firewall-admin-port-open-to-internet', 'worker-1', 'fail'],
    ['do-firewall-admin-port-open-to-internet', 'web-1', 'pass'],
    ['do-firewall-admin-port-open-to-internet', 'bastion-1', 'pass'],
    ['do-firewall-cde-outbound-unrestricted', 'db-1', 'fail'],
    ['do-firewall-cde-outbound-unrestricted', 'web-1', 'pass'],
    ['do-firewall-cde-outbound-unrestricted', 'worker-1', 'fail'],
    ['do-firewall-cde-outbound-unrestricted', 'bastion-1', 'not_applicable'],
    ['do-cde-droplet-outside-cde-vpc', 'web-1', 'pass'],
    ['do-cde-droplet-outside-cde-vpc', 'db-1', 'pass'],
    ['do-cde-vpc-shared-with-non-cde', 'acme-cde-vpc', 'fail'],
    ['ssh-password-authentication-disabled', 'db-1', 'fail'],
    ['ssh-password-authentication-disabled', 'web-1', 'pass'],
    ['ssh-password-authentication-disabled', 'bastion-1', 'pass'],
    ['ssh-password-authentication-disabled', 'worker-1', 'unknown'],
    ['ssh-root-login-disabled', 'bastion-1', 'fail'],
    ['ssh-root-login-disabled', 'db-1', 'pass'],
    ['ssh-root-login-disabled', 'web-1', 'pass'],
    ['ssh-kbd-interactive-authentication-disabled', 'db-1', 'pass'],
    ['ssh-pubkey-authentication-enabled', 'web-1', 'pass'],
    ['host-ufw-enabled', 'db-1', 'fail'],
    ['host-ufw-enabled', 'web-1', 'pass'],
    ['host-ufw-enabled', 'bastion-1', 'pass'],
    ['host-ufw-enabled', 'worker-1', 'unknown'],
    ['host-ufw-default-deny-incoming', 'web-1', 'pass'],
    ['host-ufw-default-deny-incoming', 'db-1', 'fail'],
    ['host-ufw-default-deny-outgoing', 'web-1', 'fail'],
    ['host-ufw-default-deny-outgoing', 'db-1', 'fail'],
    ['host-ufw-default-deny-outgoing', 'worker-1', 'unknown'],
    ['host-ufw-default-deny-outgoing', 'bastion-1', 'not_applicable'],
    ['data-no-card-numbers-in-files', 'data/', 'fail'],
    ['data-no-sensitive-authentication-data-in-files', 'data/', 'fail'],
  ];
  for (const [check, resource, status] of expected) {
    assert.equal(statusOf(report, check, resource), status, `${check} on ${resource}`);
  }
  const pw = report.findings.find(
    (f) => f.checkId === 'ssh-password-authentication-disabled' && f.resource.name === 'db-1',
  );
  assert.ok(
    pw?.evidence.some(
      (e) => e.source?.kind === 'file' && e.source.path.endsWith('50-cloud-init.conf') && e.source.line === 1,
    ),
  );
  // worker-1 is not declared itself, but it sits in the CDE VPC (a flat network), so it is CDE and counts.
  const worker = report.findings.find(
    (f) => f.checkId === 'do-droplet-without-cloud-firewall' && f.resource.name === 'worker-1',
  );
  assert.equal(worker?.counts, true);
  assert.equal(worker?.scopeRole, 'cde');
});

test('requirement roll-up of the example', () => {
  const report = json();
  const req = (id: string) => report.requirements.find((r) => r.id === id)?.status;
  assert.equal(req('1.3.2'), 'not_in_place', 'db-1 has unrestricted outbound');
  assert.equal(req('8.3.1'), 'not_in_place', 'db-1 accepts passwords');
  assert.equal(req('8.2.2'), 'not_in_place', 'bastion-1 lets root in');
  assert.equal(req('10.2.1'), 'not_tested', 'no logging check yet: never In Place without evidence');
  assert.equal(req('3.3.1'), 'not_in_place', 'a CVV in a log');
  assert.equal(req('1'), 'not_in_place');
  assert.equal(report.standard, 'PCI DSS v4.0.1');
  assert.equal(report.scope.saq, 'D');
  assert.ok(report.bundle.notCollected.includes('host bundle for worker-1'));
  assert.ok(report.summary.requirements.total > 200);
});

test('--fail-on sets the threshold of the exit code', () => {
  assert.equal(run('--fail-on', 'none', '--format', 'json').status, 0);
  assert.equal(
    run('--fail-on', 'critical', '--format', 'json').status,
    1,
    'an admin port open to the internet is critical',
  );
});

test('FORCE_COLOR colours the terminal output; NO_COLOR wins over it', () => {
  assert.match(cdeguard(['scan', 'examples/acme-shop'], { FORCE_COLOR: '1' }).stdout, ESC_RED);
  assert.doesNotMatch(
    cdeguard(['scan', 'examples/acme-shop'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout,
    ESC_OPEN,
  );
});
