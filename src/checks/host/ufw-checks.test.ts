// Table tests for the ufw checks, on the real ufw files and dumps of the corpus (ufw 0.36.2, iptables
// 1.8.9) and on the Debian package defaults. Known trap FW-3: ufw.conf alone never proves enforcement.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostParts } from '../../analysis/environment.js';
import { makeEnv, hostFrom, droplet, scope, vpc } from '../../../test/helpers/env.js';
import { checkTable } from '../../../test/helpers/check-tester.js';
import { corpus } from '../../../test/helpers/paths.js';
import { known } from '../../model/observed.js';
import type { Environment } from '../../model/environment.js';
import enabledCheck from './host-ufw-enabled.js';
import incomingCheck from './host-ufw-default-deny-incoming.js';
import outgoingCheck from './host-ufw-default-deny-outgoing.js';

const read = (p: string) => readFileSync(join(corpus, p), 'utf8');
const netns = 'host-firewall/ufw-enabled-netns';
const enabledFiles = {
  '/etc/ufw/ufw.conf': read(`${netns}/etc/ufw/ufw.conf`),
  '/etc/default/ufw': read(`${netns}/etc/default/ufw`),
  '/etc/ufw/user.rules': read(`${netns}/etc/ufw/user.rules`),
};
const packageFiles = {
  '/etc/ufw/ufw.conf': read('debian12/ufw/etc/ufw/ufw.conf'),
  '/etc/default/ufw': read('debian12/ufw/etc/default/ufw'),
};
const loaded = read(`${netns}/iptables-save.txt`);
const acceptAll = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';

const web = droplet({ id: 7, name: 'web-1', tags: ['cde'], vpcUuid: 'v1' });
const cdeScope = scope({ cde: { tags: ['cde'], droplets: [], vpcs: [] } });

function envWith(
  files: Record<string, string>,
  commands: Record<string, string> = {},
  extra: Partial<Environment> = {},
) {
  const host = hostFrom('web-1', files, commands);
  return makeEnv({
    droplets: known([web], { kind: 'file', path: 't' }),
    vpcs: known([vpc({ id: 'v1', name: 'cde-vpc' })], { kind: 'file', path: 't' }),
    hosts: [{ name: 'web-1', droplet: web, host, ...hostParts(host, []) }],
    ...extra,
  });
}

checkTable(enabledCheck, [
  {
    name: 'enabled, and its chains are loaded',
    env: envWith(enabledFiles, { 'iptables-save': loaded }),
    status: 'pass',
    messageId: 'ufw-enforcing',
  },
  {
    name: 'enabled, and `ufw status` says active',
    env: envWith(enabledFiles, { 'ufw-status': read(`${netns}/ufw-status-verbose.txt`) }),
    status: 'pass',
    messageId: 'ufw-enforcing',
  },
  {
    name: 'the package default: ENABLED=no',
    env: envWith(packageFiles, { 'iptables-save': acceptAll }),
    status: 'fail',
    messageId: 'ufw-disabled',
    messageIncludes: 'ufw.conf',
  },
  {
    name: 'FW-3: ENABLED=yes but nothing loaded: rules in user.rules earn no credit',
    env: envWith(enabledFiles, { 'iptables-save': acceptAll }),
    status: 'fail',
    messageId: 'ufw-not-loaded',
  },
  {
    name: '`ufw status` says inactive',
    env: envWith(enabledFiles, { 'ufw-status': 'Status: inactive\n' }),
    status: 'fail',
    messageId: 'ufw-not-loaded',
  },
  {
    name: 'FW-3: a status word containing "active" is not proof',
    env: envWith(enabledFiles, { 'ufw-status': 'ufw.service: active (exited)\n' }),
    status: 'unknown',
    messageId: 'ufw-loaded-state-unknown',
  },
  {
    name: 'config says enabled, no ruleset collected',
    env: envWith(enabledFiles),
    status: 'unknown',
    messageId: 'ufw-loaded-state-unknown',
  },
  { name: 'ufw not collected', env: envWith({}), status: 'unknown', messageId: 'ufw-not-collected' },
]);

const loadedWith = (from: string, to: string) => {
  assert.ok(loaded.includes(from), from);
  return loaded.replace(from, to);
};
const statusVerbose = read(`${netns}/ufw-status-verbose.txt`);

checkTable(incomingCheck, [
  {
    name: 'loaded INPUT policy DROP',
    env: envWith(enabledFiles, { 'iptables-save': loaded }),
    status: 'pass',
    messageId: 'default-deny-incoming',
    messageIncludes: 'INPUT',
  },
  {
    name: 'configured DROP, but the loaded INPUT policy is ACCEPT: the kernel decides',
    env: envWith(enabledFiles, { 'iptables-save': loadedWith(':INPUT DROP', ':INPUT ACCEPT') }),
    status: 'fail',
    messageId: 'default-allow-incoming',
  },
  {
    name: 'an unconditional ACCEPT in ufw-user-input lets everything in despite DROP',
    env: envWith(enabledFiles, {
      'iptables-save': loadedWith(
        '-A ufw-before-input -j ufw-user-input\n',
        '-A ufw-before-input -j ufw-user-input\n-A ufw-user-input -j ACCEPT\n',
      ),
    }),
    status: 'fail',
    messageId: 'default-allow-incoming',
    messageIncludes: 'ufw-user-input',
  },
  {
    name: '`ufw status verbose` reports deny (incoming)',
    env: envWith(enabledFiles, { 'ufw-status': statusVerbose }),
    status: 'pass',
    messageId: 'default-deny-incoming',
  },
  {
    name: '`ufw status verbose` reports allow (incoming)',
    env: envWith(enabledFiles, {
      'ufw-status': statusVerbose.replace('deny (incoming)', 'allow (incoming)'),
    }),
    status: 'fail',
    messageId: 'default-allow-incoming',
  },
  {
    name: 'ufw disabled: no policy applies',
    env: envWith(packageFiles, { 'iptables-save': acceptAll }),
    status: 'fail',
    messageId: 'ufw-not-enforcing',
  },
  {
    name: '`ufw status` without a readable Default line',
    env: envWith(enabledFiles, { 'ufw-status': 'Status: active\n' }),
    status: 'unknown',
    messageId: 'ufw-policy-unknown',
  },
  { name: 'ufw not collected', env: envWith({}), status: 'unknown', messageId: 'ufw-not-collected' },
]);

checkTable(outgoingCheck, [
  {
    name: "CDE host with default ACCEPT outgoing (ufw's own default)",
    env: envWith(enabledFiles, { 'iptables-save': loaded }, { scope: cdeScope }),
    status: 'fail',
    messageId: 'default-allow-outgoing',
  },
  {
    name: 'CDE host with default deny outgoing',
    env: envWith(
      {
        ...enabledFiles,
        '/etc/default/ufw': enabledFiles['/etc/default/ufw'].replace(
          'DEFAULT_OUTPUT_POLICY="ACCEPT"',
          'DEFAULT_OUTPUT_POLICY="DROP"',
        ),
      },
      { 'iptables-save': loadedWith(':OUTPUT ACCEPT', ':OUTPUT DROP') },
      { scope: cdeScope },
    ),
    status: 'pass',
    messageId: 'default-deny-outgoing',
  },
  {
    name: 'not a CDE host',
    env: envWith(
      enabledFiles,
      { 'iptables-save': loaded },
      { scope: scope({ cde: { tags: ['other'], droplets: [], vpcs: [] } }) },
    ),
    status: 'not_applicable',
    messageId: 'not-cde',
  },
  {
    name: 'scope not declared',
    env: envWith(enabledFiles, { 'iptables-save': loaded }),
    status: 'unknown',
    messageId: 'scope-not-declared',
  },
]);
