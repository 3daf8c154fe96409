// What the merchant declared in cdeguard.yaml, applied to droplets and VPCs: which are the CDE,
// which are connected to it, and which are out of scope.
import type { Droplet, Vpc } from '../model/digitalocean.js';
import type { Environment, Scope, ScopeRole, ScopeSelector } from '../model/environment.js';

function selects(sel: ScopeSelector, droplet: Droplet, vpcs: readonly Vpc[]): boolean {
  if (sel.droplets.includes(droplet.name) || sel.droplets.includes(String(droplet.id))) return true;
  if (droplet.tags.some((t) => sel.tags.includes(t))) return true;
  if (droplet.vpcUuid !== undefined) {
    const vpc = vpcs.find((v) => v.id === droplet.vpcUuid);
    if (sel.vpcs.includes(droplet.vpcUuid) || (vpc !== undefined && sel.vpcs.includes(vpc.name))) return true;
  }
  return false;
}

/** CDE wins over connected-to when a droplet matches both. */
export function dropletRole(scope: Scope, droplet: Droplet, vpcs: readonly Vpc[]): ScopeRole {
  if (selects(scope.cde, droplet, vpcs)) return 'cde';
  if (selects(scope.connected, droplet, vpcs)) return 'connected';
  return 'out-of-scope';
}

/** Whether a VPC was declared as (part of) the CDE network, by name or id. */
export function isCdeVpc(scope: Scope, vpc: Vpc): boolean {
  return scope.cde.vpcs.includes(vpc.id) || scope.cde.vpcs.includes(vpc.name);
}

export const EMPTY_SCOPE: Scope = {
  declared: false,
  saq: undefined,
  cde: { tags: [], droplets: [], vpcs: [] },
  connected: { tags: [], droplets: [], vpcs: [] },
};

/**
 * A droplet's scope role as the checks need it: known, or why not (scope not declared, or a VPC
 * selector that cannot be resolved because VPCs or the droplet's vpc_uuid are missing).
 */
export type RoleResult =
  { known: true; role: ScopeRole } | { known: false; messageId: string; message: string };

/** DigitalOcean VPC ids are UUIDs; a selector that is not one may be a VPC name. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function resolveRole(env: Environment, d: Droplet): RoleResult {
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
