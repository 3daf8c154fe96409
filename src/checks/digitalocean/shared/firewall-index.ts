// The prepared firewall index of a scan, built once and shared by every DigitalOcean check that judges
// Cloud Firewalls: each check sees only the Environment, one Droplet at a time, so without this each
// Droplet would index the whole account again.
import type { Environment } from '../../../model/environment.js';
import { prepareFirewallIndex, type FirewallIndex } from '../../../analysis/cloud-firewall.js';

type Built = Pick<Environment, 'firewalls' | 'droplets'> & { index: FirewallIndex };

/**
 * Returns a function giving the index of an Environment. The memo lives in the closure, keyed weakly on
 * the Environment: an index lives as long as the scan it belongs to, and an Environment whose firewalls
 * or Droplets were replaced gets a fresh one.
 */
function indexPerEnvironment(): (env: Environment) => FirewallIndex {
  const memo = new WeakMap<Environment, Built>();
  return (env) => {
    const built = memo.get(env);
    if (built?.firewalls === env.firewalls && built.droplets === env.droplets) return built.index;
    const index = prepareFirewallIndex(
      env.firewalls.known ? env.firewalls.value : [],
      env.droplets.known ? env.droplets.value : [],
    );
    memo.set(env, { firewalls: env.firewalls, droplets: env.droplets, index });
    return index;
  };
}

/**
 * The firewall index of the scan's Environment: its collected firewalls and Droplets (none, for a
 * collection that is unknown; the checks report that case before asking).
 */
export const firewallIndexOf = indexPerEnvironment();
