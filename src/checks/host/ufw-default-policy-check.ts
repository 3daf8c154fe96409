// Shared shape of the ufw default-policy checks (incoming for every host, outgoing for CDE hosts).
import type { HostTarget } from '../../model/environment.js';
import { passesCdeGate } from '../scope-gate.js';
import type { UfwConfig, UfwSetting } from '../../parsers/ufw/ufw-config.js';
import { defineCheck, type Check, type Evidence } from '../kit.js';
import { describeHost } from './sshd-effective.js';
import { loadedDefaultPolicy, ufwState } from './ufw-state.js';

export type UfwPolicySpec = {
  id: string;
  title: string;
  pci: readonly string[];
  rationale: string;
  remediation: string;
  direction: 'incoming' | 'outgoing';
  pick: (c: UfwConfig) => UfwSetting | undefined;
  key: string;
  /** Only CDE hosts are judged; others are not applicable. */
  cdeOnly: boolean;
};

export function ufwDefaultPolicyCheck(spec: UfwPolicySpec): Check {
  return defineCheck<HostTarget>({
    id: spec.id,
    title: spec.title,
    severity: 'high',
    pci: spec.pci,
    rationale: spec.rationale,
    remediation: spec.remediation,
    appliesTo: (env) => env.hosts,
    describe: describeHost,
    evaluate(t, env, report) {
      if (spec.cdeOnly && !passesCdeGate(env, t.droplet, report)) return;
      const s = ufwState(t);
      if (s.state === 'unknown') {
        report.unknown(s.messageId, `Not tested: ${s.detail}.`, s.evidence);
        return;
      }
      if (s.state !== 'enforcing') {
        report.fail(
          'ufw-not-enforcing',
          `No default ${spec.direction} policy applies: ${s.detail}.`,
          s.evidence,
        );
        return;
      }
      // The configured value only attributes the verdict; what decides is what the kernel has loaded
      // (iptables-save) or what ufw itself reports from it (`ufw status verbose`).
      const setting = spec.pick(s.config);
      const configured: Evidence = setting
        ? {
            observed: `${spec.key}="${setting.value}" configured`,
            source: { kind: 'file', path: setting.file, line: setting.line, host: t.name },
          }
        : { observed: `${spec.key} not set in /etc/default/ufw` };
      const loaded = loadedDefaultPolicy(t, spec.direction);
      if (loaded.policy === undefined) {
        report.unknown('ufw-policy-unknown', `Not tested: ${loaded.detail}.`, [
          configured,
          ...loaded.evidence,
        ]);
      } else if (loaded.policy === 'deny') {
        report.pass(
          `default-deny-${spec.direction}`,
          `ufw denies ${spec.direction} traffic by default: ${loaded.detail}.`,
          [...loaded.evidence, configured],
        );
      } else {
        report.fail(
          `default-allow-${spec.direction}`,
          `ufw lets all ${spec.direction} traffic through by default: ${loaded.detail}.`,
          [...loaded.evidence, configured],
        );
      }
    },
  });
}
