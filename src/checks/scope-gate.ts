// The gate every CDE-only check passes a droplet through: it reports unknown when the droplet's role
// cannot be known, not-applicable when it is not CDE, and lets only CDE droplets through.
import type { Droplet } from '../model/digitalocean.js';
import type { Environment } from '../model/environment.js';
import { resolveRole } from '../analysis/scope.js';
import type { Reporter } from './kit.js';

/** True when the droplet is CDE; otherwise one outcome has been reported and the check must stop. */
export function passesCdeGate(
  env: Environment,
  droplet: Droplet | undefined,
  report: Reporter,
): droplet is Droplet {
  if (droplet === undefined) {
    report.unknown(
      'host-without-droplet',
      'Not tested: this host bundle matches no droplet, so whether it is part of the CDE is unknown.',
    );
    return false;
  }
  const role = resolveRole(env, droplet);
  if (!role.known) {
    report.unknown(role.messageId, role.message);
    return false;
  }
  if (role.role !== 'cde') {
    report.notApplicable(
      'not-cde',
      `Droplet "${droplet.name}" is not declared part of the CDE (role: ${role.role}).`,
    );
    return false;
  }
  return true;
}
