// The check kit: how a check is declared and how it reports. A check is a pure function over one
// resource; the kit guarantees every resource in scope yields exactly one finding.
import type { Environment } from '../model/environment.js';
import type { Source, Unknown } from '../model/observed.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_STATUSES = ['pass', 'fail', 'unknown', 'not_applicable', 'accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export type ResourceKind = 'droplet' | 'host' | 'firewall' | 'vpc' | 'collection';
export type ResourceRef = { kind: ResourceKind; id: string; name: string };

/** One observation that backs a verdict: what was seen, what was expected, and where it was seen. */
export type Evidence = { observed: string; expected?: string; source?: Source };

export type Finding = {
  checkId: string;
  title: string;
  severity: Severity;
  pci: readonly string[];
  resource: ResourceRef;
  status: FindingStatus;
  /** Stable id of the message, e.g. `password-auth-on`, so tests and suppressions do not match on prose. */
  messageId: string;
  message: string;
  evidence: Evidence[];
  remediation: string;
};

export type Reporter = {
  pass(messageId: string, message: string, evidence?: Evidence[]): void;
  fail(messageId: string, message: string, evidence?: Evidence[]): void;
  unknown(messageId: string, message: string, evidence?: Evidence[]): void;
  notApplicable(messageId: string, message: string, evidence?: Evidence[]): void;
};

export type CheckDefinition<R> = {
  /** Equal to the file name, stable forever. */
  id: string;
  title: string;
  severity: Severity;
  /** Verbatim PCI DSS v4.0.1 requirement ids; validated against the catalogue by the registry test. */
  pci: readonly string[];
  /** Why this matters: one paragraph. */
  rationale: string;
  /** What to change, with the exact snippet or command. */
  remediation: string;
  /**
   * The resources this check judges. An Unknown means the whole collection is missing or unreadable:
   * the check then yields one `unknown` finding for it instead of silently judging nothing.
   */
  appliesTo(env: Environment): readonly R[] | Unknown;
  /** What a resource is called in findings. */
  describe(resource: R): ResourceRef;
  /** Pure: report exactly one outcome for the resource. */
  evaluate(resource: R, env: Environment, report: Reporter): void;
};

export type Check = {
  id: string;
  title: string;
  severity: Severity;
  pci: readonly string[];
  rationale: string;
  remediation: string;
  run(env: Environment): Finding[];
};

/** Thrown when a check breaks the kit's contract: that is a bug in cdeguard, not in the environment. */
export class CheckContractError extends Error {
  override name = 'CheckContractError';
}

export function defineCheck<R>(def: CheckDefinition<R>): Check {
  const base = {
    id: def.id,
    title: def.title,
    severity: def.severity,
    pci: def.pci,
    rationale: def.rationale,
    remediation: def.remediation,
  };
  const finding = (
    resource: ResourceRef,
    status: FindingStatus,
    messageId: string,
    message: string,
    evidence: Evidence[],
  ): Finding => ({
    checkId: def.id,
    title: def.title,
    severity: def.severity,
    pci: def.pci,
    resource,
    status,
    messageId,
    message,
    evidence,
    remediation: def.remediation,
  });

  return {
    ...base,
    run(env) {
      const resources = def.appliesTo(env);
      if (!Array.isArray(resources)) {
        const u = resources as Unknown;
        const evidence: Evidence[] = [{ observed: u.detail, ...(u.source ? { source: u.source } : {}) }];
        return [
          finding(
            { kind: 'collection', id: def.id, name: 'input collection' },
            'unknown',
            `input-${u.reason.replace(/_/g, '-')}`,
            `Not tested: ${u.detail}`,
            evidence,
          ),
        ];
      }
      return (resources as readonly R[]).map((r) => {
        const ref = def.describe(r);
        const outcomes: Finding[] = [];
        const add =
          (status: FindingStatus) =>
          (messageId: string, message: string, evidence: Evidence[] = []) => {
            outcomes.push(finding(ref, status, messageId, message, evidence));
          };
        def.evaluate(r, env, {
          pass: add('pass'),
          fail: add('fail'),
          unknown: add('unknown'),
          notApplicable: add('not_applicable'),
        });
        const only = outcomes[0];
        if (outcomes.length !== 1 || only === undefined) {
          throw new CheckContractError(
            `check ${def.id} reported ${outcomes.length} outcomes for ${ref.kind} ${ref.name}; exactly one is required`,
          );
        }
        return only;
      });
    },
  };
}
