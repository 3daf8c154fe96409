// One firewall index per scan: every DigitalOcean check of the same Environment shares it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { droplet, firewall, makeEnv } from '../../../../test/helpers/env.js';
import { known, unknown } from '../../../model/observed.js';
import { firewallIndexOf } from './firewall-index.js';

const src = { kind: 'file' as const, path: 'test' };
const web = droplet({ id: 1, name: 'web-1', tags: ['web'] });
const fw = firewall({ id: 'fw', tags: ['web'] });

test('the same Environment gets the same index; another Environment its own', () => {
  const env = makeEnv({ droplets: known([web], src), firewalls: known([fw], src) });
  const index = firewallIndexOf(env);
  assert.equal(firewallIndexOf(env), index);
  assert.deepEqual(index.firewalls, [fw]);
  assert.deepEqual(index.droplets, [web]);
  const other = { ...env };
  assert.notEqual(firewallIndexOf(other), index);
});

test('replacing the firewalls or Droplets of an Environment gives a fresh index', () => {
  const env = makeEnv({ droplets: known([web], src), firewalls: known([fw], src) });
  const first = firewallIndexOf(env);
  env.firewalls = known([], src);
  const second = firewallIndexOf(env);
  assert.notEqual(second, first);
  assert.deepEqual(second.coverage(web), []);
  env.droplets = unknown('not_collected', 'no droplets');
  const third = firewallIndexOf(env);
  assert.notEqual(third, second);
  assert.deepEqual(third.droplets, []);
});
