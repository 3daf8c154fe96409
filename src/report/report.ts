// The report: everything a scan concluded, in one versioned, serialisable object that every output
// format renders. Its JSON form is documented by docs/schemas/report.schema.json.
import type { Check, Finding, FindingStatus } from '../checks/kit.js';
import type { Environment } from '../model/environment.js';
import { dropletRole } from '../analysis/scope.js';
import { STANDARD_VERSION } from '../pci/catalogue.js';
import { rollUp, type RequirementResult, type RequirementStatus, type ScopedFinding } from '../pci/rollup.js';
import type { Diagnostic } from '../model/diagnostic.js';

export const REPORT_SCHEMA_VERSION = 1;

export type CheckInfo = Pick<Check, 'id' | 'title' | 'severity' | 'pci' | 'rationale' | 'remediation'>;

export type Report = {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'cdeguard'; version: string };
  standard: 'PCI DSS v4.0.1';
  generatedAt: string;
  bundle: { name: string; collectedAt: { source: string; at: string }[]; notCollected: string[] };
  scope: { declared: boolean; saq: string | null };
  summary: {
    findings: Record<FindingStatus, number>;
    requirements: Record<RequirementStatus, number> & { total: number };
  };
  requirements: RequirementResult[];
  findings: ScopedFinding[];
  checks: CheckInfo[];
  diagnostics: Diagnostic[];
};

function scopeOf(f: Finding, env: Environment): Pick<ScopedFinding, 'scopeRole' | 'counts'> {
  if (!env.scope.declared || (f.resource.kind !== 'droplet' && f.resource.kind !== 'host'))
    return { counts: true };
  const droplets = env.droplets.known ? env.droplets.value : [];
  const d =
    f.resource.kind === 'droplet'
      ? droplets.find((x) => String(x.id) === f.resource.id)
      : env.hosts.find((h) => h.name === f.resource.name)?.droplet;
  // A host with no droplet cannot be placed in scope: it counts, so nothing is hidden.
  if (d === undefined) return { counts: true };
  const role = dropletRole(env.scope, d, env.vpcs.known ? env.vpcs.value : []);
  return { scopeRole: role, counts: role !== 'out-of-scope' };
}

export function buildReport(
  env: Environment,
  checks: readonly Check[],
  findings: readonly Finding[],
  now: Date,
): Report {
  const scoped = findings.map((f) => ({ ...f, ...scopeOf(f, env) }));
  const requirements = rollUp(scoped, new Map(checks.map((c) => [c.id, c.pci])));
  const countFindings = Object.fromEntries(
    (['pass', 'fail', 'unknown', 'not_applicable', 'accepted'] as const).map((s) => [
      s,
      scoped.filter((f) => f.status === s).length,
    ]),
  ) as Record<FindingStatus, number>;
  // Requirement totals count the most specific requirements (leaves), so nothing is counted twice.
  const parents = new Set(requirements.map((r) => r.parent).filter((p): p is string => p !== null));
  const leaves = requirements.filter((r) => !parents.has(r.id));
  const countReq = Object.fromEntries(
    (['not_in_place', 'not_tested', 'in_place', 'not_applicable'] as const).map((s) => [
      s,
      leaves.filter((r) => r.status === s).length,
    ]),
  ) as Record<RequirementStatus, number>;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cdeguard', version: '' },
    standard: STANDARD_VERSION,
    generatedAt: now.toISOString(),
    bundle: {
      name: env.bundleName,
      collectedAt: env.collection.collectedAt,
      notCollected: env.collection.notCollected,
    },
    scope: { declared: env.scope.declared, saq: env.scope.saq ?? null },
    summary: { findings: countFindings, requirements: { ...countReq, total: leaves.length } },
    requirements,
    findings: scoped,
    checks: checks.map(({ id, title, severity, pci, rationale, remediation }) => ({
      id,
      title,
      severity,
      pci,
      rationale,
      remediation,
    })),
    diagnostics: env.diagnostics,
  };
}
