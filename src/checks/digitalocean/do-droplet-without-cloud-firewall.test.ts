// Coverage by id or tag; a Droplet no firewall covers fails (DO-10, DO-11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkTable } from '../../../test/helpers/check-tester.js';
import { droplet, firewall, makeEnv } from '../../../test/helpers/env.js';
import { known, unknown } from '../../model/observed.js';
import { normalizeDroplets } from '../../parsers/digitalocean/droplets.js';
import { normalizeFirewalls } from '../../parsers/digitalocean/firewalls.js';
import check from './do-droplet-without-cloud-firewall.js';

const src = { kind: 'file' as const, path: 'test' };
const web1 = droplet({ id: 1, name: 'web-1', tags: ['web'], publicIpv4: ['203.0.113.10'] });
const web2 = droplet({ id: 12, name: 'web-2', tags: ['web'], publicIpv4: ['203.0.113.12'] });
const worker = droplet({ id: 4, name: 'worker-1', tags: ['worker'], publicIpv4: ['203.0.113.40'] });
const db = droplet({ id: 2, name: 'db-1', publicIpv4: ['203.0.113.20'] });
const fwWeb = firewall({ id: 'fw-web', tags: ['web'] });
const fwDb = firewall({ id: 'fw-db', dropletIds: [2] });

checkTable(check, [
  {
    name: 'DO-11: covered through a shared tag',
    env: makeEnv({ droplets: known([web1, worker, db], src), firewalls: known([fwWeb, fwDb], src) }),
    resource: 'web-1',
    status: 'pass',
    messageId: 'covered',
    messageIncludes: 'fw-web',
  },
  {
    name: 'DO-11: covered through droplet_ids',
    env: makeEnv({ droplets: known([web1, worker, db], src), firewalls: known([fwWeb, fwDb], src) }),
    resource: 'db-1',
    status: 'pass',
    messageId: 'covered',
  },
  {
    name: 'DO-11: a Droplet whose tag no firewall carries has no firewall',
    env: makeEnv({ droplets: known([web1, worker, db], src), firewalls: known([fwWeb, fwDb], src) }),
    resource: 'worker-1',
    status: 'fail',
    messageId: 'no-cloud-firewall',
    messageIncludes: '"worker"',
  },
  {
    name: 'DO-10: no firewall lists it or any of its tags',
    env: makeEnv({
      droplets: known([web2], src),
      firewalls: known([firewall({ id: 'fw-api', tags: ['api'], dropletIds: [99] })], src),
    }),
    status: 'fail',
    messageId: 'no-cloud-firewall',
  },
  {
    name: 'no firewalls at all',
    env: makeEnv({ droplets: known([web2], src), firewalls: known([], src) }),
    status: 'fail',
    messageId: 'no-cloud-firewall',
  },
  {
    name: 'a waiting firewall still covers the Droplet (noted in evidence)',
    env: makeEnv({
      droplets: known([web1], src),
      firewalls: known([firewall({ id: 'fw', dropletIds: [1], status: 'waiting', pendingChanges: 1 })], src),
    }),
    status: 'pass',
    messageId: 'covered',
  },
  {
    name: 'firewalls not readable: unknown, never pass',
    env: makeEnv({
      droplets: known([web1], src),
      firewalls: unknown('access_denied', 'GET /v2/firewalls was refused'),
    }),
    status: 'unknown',
    messageId: 'firewalls-not-collected',
  },
  {
    name: 'Droplets not collected: one unknown finding for the collection',
    env: makeEnv({ droplets: unknown('not_collected', 'no digitalocean/droplets.json in the bundle') }),
    status: 'unknown',
    messageId: 'input-not-collected',
  },
]);

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/digitalocean/', import.meta.url));
const load = (name: string): unknown => JSON.parse(readFileSync(CORPUS + name, 'utf8'));

test(
  'do-droplet-without-cloud-firewall: corpus Droplets against corpus firewalls (tags match exactly: "prod" is not "env:prod")',
  { skip: existsSync(CORPUS) ? false : 'corpus not found' },
  () => {
    const droplets = normalizeDroplets(load('droplets_list.json'), 'digitalocean/droplets.json');
    const listed = normalizeFirewalls(load('firewalls_list.json'), 'digitalocean/firewalls.json');
    const perDroplet = normalizeFirewalls(
      load('droplet_firewalls.json'),
      'digitalocean/droplet-firewalls.json',
    );
    assert.ok(listed.value.known && perDroplet.value.known);
    // firewalls_list.json applies to Droplet 8043964 only; droplet_firewalls.json to 89989, 33322 and the
    // tags "base-image" and "prod". None of the three corpus Droplets (tags web, env:prod, storage, env:stage)
    // is covered.
    const findings = check.run(
      makeEnv({
        droplets: droplets.value,
        firewalls: known([...listed.value.value, ...perDroplet.value.value], src),
      }),
    );
    assert.deepEqual(
      findings.map((f) => [f.resource.id, f.status, f.messageId]),
      [
        ['3164444', 'fail', 'no-cloud-firewall'],
        ['3164459', 'fail', 'no-cloud-firewall'],
        ['3164412', 'fail', 'no-cloud-firewall'],
      ],
    );
  },
);
