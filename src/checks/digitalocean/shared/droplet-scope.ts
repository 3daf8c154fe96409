// A Droplet's declared scope role for the DigitalOcean checks, or why it cannot be known: scope not
// declared, or a VPC selector that cannot be resolved because VPCs or the Droplet's vpc_uuid are missing.
import type { Droplet, Vpc } from '../../../model/digitalocean.js';
import type { Environment, ScopeRole } from '../../../model/environment.js';
import { dropletRole } from '../../../analysis/scope.js';

export type RoleResult =
  { known: true; role: ScopeRole } | { known: false; messageId: string; message: string };

/** DigitalOcean VPC ids are UUIDs; a selector that is not one may be a VPC name. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function dropletScopeRole(env: Environment, d: Droplet): RoleResult {
  if (!env.scope.declared) {
    return {
      known: false,
      messageId: 'scope-not-declared',
      message: `Not tested: cdeguard.yaml declares no scope, so it is unknown whether Droplet "${d.name}" is part of the cardholder data environment (CDE). Declare the CDE Droplets, tags or VPCs under scope.cde.`,
    };
  }
  const vpcs: readonly Vpc[] = env.vpcs.known ? env.vpcs.value : [];
  const role = dropletRole(env.scope, d, vpcs);
  if (role === 'cde') return { known: true, role };
  // Only a VPC selector could still raise the role; see whether it can be resolved.
  const selectors =
    role === 'out-of-scope' ? [...env.scope.cde.vpcs, ...env.scope.connected.vpcs] : env.scope.cde.vpcs;
  if (selectors.length === 0) return { known: true, role };
  if (d.vpcUuid === undefined) {
    return {
      known: false,
      messageId: 'droplet-vpc-unknown',
      message: `Not tested: the scope selects Droplets by VPC (${selectors.join(', ')}), but the API did not return the VPC of Droplet "${d.name}" (vpc_uuid needs the vpc:read scope), so its scope role is unknown.`,
    };
  }
  // Without the VPC list a selector naming a VPC (not a UUID) cannot be compared with the Droplet's vpc_uuid.
  if (!env.vpcs.known && selectors.some((s) => !UUID.test(s))) {
    return {
      known: false,
      messageId: 'vpcs-not-collected',
      message: `Not tested: the scope names VPCs (${selectors.join(', ')}) but VPCs were not read (${env.vpcs.detail}), so whether Droplet "${d.name}" (VPC ${d.vpcUuid}) is in scope is unknown.`,
    };
  }
  return { known: true, role };
}

export const dropletRef = (d: Droplet) => ({ kind: 'droplet' as const, id: String(d.id), name: d.name });

export function dropletAddresses(d: Droplet): string {
  const parts = [
    ...d.publicIpv4.map((a) => `${a} (public)`),
    ...d.ipv6.map((a) => `${a} (public IPv6)`),
    ...d.privateIpv4.map((a) => `${a} (private)`),
  ];
  return parts.length === 0 ? 'no addresses' : parts.join(', ');
}
