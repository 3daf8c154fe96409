// What the merchant declared in cdeguard.yaml, applied to droplets and VPCs: which are the CDE,
// which are connected to it, and which are out of scope.
import type { Droplet, Vpc } from '../model/digitalocean.js';
import type { Scope, ScopeRole, ScopeSelector } from '../model/environment.js';

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
