// CDE Droplets must sit in a declared CDE VPC.
import { checkTable } from '../../../test/helpers/check-tester.js';
import { droplet, makeEnv, scope, vpc } from '../../../test/helpers/env.js';
import type { Droplet } from '../../model/digitalocean.js';
import type { Scope } from '../../model/environment.js';
import { known, unknown } from '../../model/observed.js';
import { EMPTY_SCOPE } from '../../analysis/scope.js';
import check from './do-cde-droplet-outside-cde-vpc.js';

const src = { kind: 'file' as const, path: 'test' };
const CDE_VPC = vpc({ id: 'c0000000-0000-4000-8000-00000000000c', name: 'cde', ipRange: '10.116.0.0/20' });
const DEFAULT_VPC = vpc({
  id: 'd0000000-0000-4000-8000-00000000000d',
  name: 'default-fra1',
  region: 'fra1',
  ipRange: '10.114.0.0/20',
  default: true,
});
const inCde = droplet({ id: 1, name: 'pay-1', tags: ['cde'], vpcUuid: CDE_VPC.id });
const inDefault = droplet({ id: 2, name: 'pay-2', tags: ['cde'], vpcUuid: DEFAULT_VPC.id });
const noVpc = droplet({ id: 3, name: 'pay-3', tags: ['cde'] });
const blog = droplet({ id: 4, name: 'blog-1', vpcUuid: DEFAULT_VPC.id });

const byName = scope({ cde: { tags: ['cde'], droplets: [], vpcs: ['cde'] } });
const byId = scope({ cde: { tags: ['cde'], droplets: [], vpcs: [CDE_VPC.id] } });

function env(droplets: Droplet[], s: Scope, vpcsKnown = true) {
  return makeEnv({
    droplets: known(droplets, src),
    vpcs: vpcsKnown
      ? known([CDE_VPC, DEFAULT_VPC], src)
      : unknown('access_denied', 'GET /v2/vpcs was refused'),
    scope: s,
  });
}

checkTable(check, [
  {
    name: 'in the CDE VPC declared by name',
    env: env([inCde], byName),
    status: 'pass',
    messageId: 'in-cde-vpc',
  },
  {
    name: 'in the CDE VPC declared by id, VPCs not even collected',
    env: env([inCde], byId, false),
    status: 'pass',
    messageId: 'in-cde-vpc',
  },
  {
    name: 'a CDE Droplet in the default VPC',
    env: env([inDefault], byName),
    status: 'fail',
    messageId: 'outside-cde-vpc',
    messageIncludes: 'default-fra1',
  },
  {
    name: 'declared by id, Droplet elsewhere, VPCs not collected: still a fail',
    env: env([inDefault], byId, false),
    status: 'fail',
    messageId: 'outside-cde-vpc',
  },
  {
    name: 'declared by name, VPCs not collected: unknown',
    env: env([inDefault], byName, false),
    status: 'unknown',
    messageId: 'vpcs-not-collected',
  },
  {
    name: 'vpc_uuid missing: unknown',
    env: env([noVpc], byName),
    status: 'unknown',
    messageId: 'droplet-vpc-unknown',
  },
  {
    name: 'no CDE VPC declared: unknown',
    env: env([inDefault], scope({ cde: { tags: ['cde'], droplets: [], vpcs: [] } })),
    status: 'unknown',
    messageId: 'no-cde-vpc-declared',
  },
  { name: 'non-CDE Droplet', env: env([blog], byName), status: 'not_applicable', messageId: 'not-cde' },
  {
    name: 'scope not declared',
    env: env([inDefault], EMPTY_SCOPE),
    status: 'unknown',
    messageId: 'scope-not-declared',
  },
]);
