// One shape shared by the sshd checks that require a keyword to hold a secure value, globally and in
// every Match block: a Match block that turns the setting back on fails the host for those connections.
import type { HostTarget } from '../../model/environment.js';
import { describeSource } from '../../model/observed.js';
import { defineCheck, type Check, type Severity } from '../kit.js';
import { describeHost, effectiveSshd } from './sshd-effective.js';

export type SshdFlagSpec = {
  id: string;
  title: string;
  severity: Severity;
  pci: readonly string[];
  rationale: string;
  remediation: string;
  /** Lower-case keyword as sshd -T prints it. */
  keyword: string;
  /** The secure value(s), as sshd -T prints them. */
  secure: readonly string[];
  /** Message id and text for a failing value. */
  failId: string;
  failText: (value: string) => string;
  passText: string;
};

export function sshdFlagCheck(spec: SshdFlagSpec): Check {
  const isSecure = (v: string) => spec.secure.includes(v.toLowerCase());
  return defineCheck<HostTarget>({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    pci: spec.pci,
    rationale: spec.rationale,
    remediation: spec.remediation,
    appliesTo: (env) => env.hosts,
    describe: describeHost,
    evaluate(target, _env, report) {
      const eff = effectiveSshd(target, spec.keyword);
      if (!eff.known) {
        report.unknown('sshd-config-unknown', `Not tested: ${eff.detail}.`, eff.evidence);
        return;
      }
      const where = describeSource(eff.origin);
      if (!isSecure(eff.value)) {
        report.fail(spec.failId, `${spec.failText(eff.value)} (${where}).`, eff.evidence);
        return;
      }
      const bad = eff.overrides.filter((o) => !isSecure(o.value));
      if (bad.length > 0) {
        const list = bad.map(
          (o) => `"Match ${o.criteria}" sets ${spec.keyword} ${o.value} (${describeSource(o.source)})`,
        );
        report.fail(
          `${spec.failId}-in-match`,
          `${spec.keyword} is ${eff.value} globally, but ${list.join('; ')}.`,
          [
            ...eff.evidence,
            ...bad.map((o) => ({
              observed: `Match ${o.criteria}: ${spec.keyword} ${o.value}`,
              source: o.source,
            })),
          ],
        );
        return;
      }
      report.pass(`${spec.keyword}-secure`, `${spec.passText} (${where}).`, eff.evidence);
    },
  });
}
