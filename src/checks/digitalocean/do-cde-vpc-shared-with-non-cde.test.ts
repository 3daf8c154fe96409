// A declared CDE VPC must hold only CDE and connected-to Droplets.
import { checkTable } from '../../../test/helpers/check-tester.js';
import { droplet, makeEnv, scope, vpc } from '../../../test/helpers/env.js';
import type { Droplet } from '../../model/digitalocean.js';
import type { Scope } from '../../model/environment.js';
import { known, unknown } from '../../model/observed.js';
import { EMPTY_SCOPE } from '../../analysis/scope.js';
import check from './do-cde-vpc-shared-with-non-cde.js';

const src = { kind: 'file' as const, path: 'test' };
const CDE_VPC = vpc({ id: 'c0000000-0000-4000-8000-00000000000c', name: 'cde', region: 'fra1' });
const OTHER = vpc({
  id: 'e0000000-0000-4000-8000-00000000000e',
  name: 'corp',
  region: 'fra1',
  ipRange: '10.117.0.0/20',
});
const pay = droplet({ id: 1, name: 'pay-1', tags: ['cde'], vpcUuid: CDE_VPC.id, region: 'fra1' });
const jump = droplet({ id: 2, name: 'jump-1', tags: ['bastion'], vpcUuid: CDE_VPC.id, region: 'fra1' });
const blog = droplet({ id: 3, name: 'blog-1', vpcUuid: CDE_VPC.id, region: 'fra1' });
const corp = droplet({ id: 4, name: 'corp-1', vpcUuid: OTHER.id, region: 'fra1' });
const lost = droplet({ id: 5, name: 'lost-1', region: 'fra1' });
const lostElsewhere = droplet({ id: 6, name: 'lost-2', region: 'sgp1' });

const declared = scope({
  cde: { tags: ['cde'], droplets: [], vpcs: ['cde'] },
  connected: { tags: ['bastion'], droplets: [], vpcs: [] },
});
const vpcOnly = scope({ cde: { tags: [], droplets: [], vpcs: ['cde'] } });

function env(droplets: Droplet[], s: Scope = declared) {
  return makeEnv({ droplets: known(droplets, src), vpcs: known([CDE_VPC, OTHER], src), scope: s });
}

checkTable(check, [
  {
    name: 'only CDE and connected-to Droplets in the CDE VPC',
    env: env([pay, jump, corp, lostElsewhere]),
    status: 'pass',
    messageId: 'cde-vpc-members-in-scope',
    messageIncludes: '1 connected-to',
  },
  {
    name: 'an undeclared Droplet shares the CDE VPC',
    env: env([pay, jump, blog, corp]),
    status: 'fail',
    messageId: 'non-cde-droplet-in-cde-vpc',
    messageIncludes: '"blog-1"',
  },
  {
    name: 'scope declared by VPC only: every member is CDE by declaration',
    env: env([pay, blog], vpcOnly),
    status: 'pass',
    messageId: 'cde-by-vpc-only',
    messageIncludes: '2 Droplets',
  },
  {
    name: 'a Droplet in the same region without vpc_uuid could be a member',
    env: env([pay, lost]),
    status: 'unknown',
    messageId: 'droplet-vpc-unknown',
    messageIncludes: 'lost-1',
  },
  {
    name: 'Droplets not collected',
    env: makeEnv({
      droplets: unknown('access_denied', 'GET /v2/droplets was refused'),
      vpcs: known([CDE_VPC], src),
      scope: declared,
    }),
    status: 'unknown',
    messageId: 'droplets-not-collected',
  },
  {
    name: 'VPCs not collected: one unknown finding for the collection',
    env: makeEnv({
      droplets: known([pay], src),
      vpcs: unknown('not_collected', 'no digitalocean/vpcs.json'),
      scope: declared,
    }),
    status: 'unknown',
    messageId: 'input-not-collected',
  },
  {
    name: 'no scope declared: one unknown finding',
    env: env([pay], EMPTY_SCOPE),
    status: 'unknown',
    messageId: 'input-unresolved',
  },
]);
