// The PCI roll-up (design.md §5): from findings to a status per requirement, in the assessor's words.
// A requirement is In Place only on evidence: no finding, no attestation, no In Place.
import type { Finding } from '../checks/kit.js';
import type { ScopeRole } from '../model/environment.js';
import { CATALOGUE, childrenByParent, type CatalogueEntry } from './catalogue.js';

export const REQUIREMENT_STATUSES = ['not_in_place', 'not_tested', 'in_place', 'not_applicable'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

export type ScopedFinding = Finding & {
  /** The resource's declared scope role, when it is a droplet or host and scope is declared. */
  scopeRole?: ScopeRole;
  /** Whether the finding counts toward requirement statuses (out-of-scope resources do not). */
  counts: boolean;
};

export type RequirementResult = {
  id: string;
  title: string;
  level: number;
  parent: string | null;
  automation: CatalogueEntry['automation'];
  status: RequirementStatus;
  /** Why this status, in one sentence. */
  reason: string;
  checks: string[];
  counts: { pass: number; fail: number; unknown: number; accepted: number; not_applicable: number };
};

const WORST: readonly RequirementStatus[] = ['not_in_place', 'not_tested', 'in_place', 'not_applicable'];

function worst(statuses: RequirementStatus[]): RequirementStatus {
  for (const s of WORST) if (statuses.includes(s)) return s;
  return 'not_applicable';
}

export function rollUp(
  findings: readonly ScopedFinding[],
  checkPci: ReadonlyMap<string, readonly string[]>,
): RequirementResult[] {
  const children = childrenByParent();
  const byReq = new Map<string, ScopedFinding[]>();
  for (const f of findings) {
    for (const id of f.pci) {
      const list = byReq.get(id) ?? [];
      list.push(f);
      byReq.set(id, list);
    }
  }
  const checksByReq = new Map<string, string[]>();
  for (const [check, ids] of checkPci) {
    for (const id of ids) checksByReq.set(id, [...(checksByReq.get(id) ?? []), check]);
  }

  const results = new Map<string, RequirementResult>();
  const evaluate = (e: CatalogueEntry): RequirementResult => {
    const done = results.get(e.id);
    if (done) return done;
    const own = (byReq.get(e.id) ?? []).filter((f) => f.counts);
    const counts = { pass: 0, fail: 0, unknown: 0, accepted: 0, not_applicable: 0 };
    for (const f of own) counts[f.status]++;
    const checks = checksByReq.get(e.id) ?? [];
    const kids = (children.get(e.id) ?? []).map(evaluate);

    let ownStatus: RequirementStatus | undefined;
    let reason: string;
    if (counts.fail + counts.accepted > 0) {
      ownStatus = 'not_in_place';
      reason = `${counts.fail + counts.accepted} failing finding(s)`;
    } else if (counts.unknown > 0) {
      ownStatus = 'not_tested';
      reason = `${counts.unknown} finding(s) could not be decided`;
    } else if (counts.pass > 0) {
      ownStatus = 'in_place';
      reason = `${counts.pass} passing finding(s), none failing or undecided`;
    } else if (checks.length > 0) {
      ownStatus = kids.length > 0 ? undefined : 'not_tested';
      reason = 'its checks found no in-scope resource to judge';
    } else {
      ownStatus = kids.length > 0 ? undefined : 'not_tested';
      reason =
        e.automation === 'attestation'
          ? 'no automated check: needs an attestation with evidence'
          : 'no automated check yet: needs evidence';
    }

    let status: RequirementStatus;
    if (kids.length === 0) status = ownStatus ?? 'not_tested';
    else {
      const kidStatus = worst(kids.map((k) => k.status));
      status = ownStatus === undefined ? kidStatus : worst([ownStatus, kidStatus]);
      const n = (s: RequirementStatus) => kids.filter((k) => k.status === s).length;
      const parts = [
        n('not_in_place') && `${n('not_in_place')} not in place`,
        n('not_tested') && `${n('not_tested')} not tested`,
        n('in_place') && `${n('in_place')} in place`,
        n('not_applicable') && `${n('not_applicable')} not applicable`,
      ].filter(Boolean);
      reason =
        ownStatus === undefined
          ? `sub-requirements: ${parts.join(', ')}`
          : `${reason}; sub-requirements: ${parts.join(', ')}`;
    }
    const r: RequirementResult = {
      id: e.id,
      title: e.title,
      level: e.level,
      parent: e.parent,
      automation: e.automation,
      status,
      reason,
      checks,
      counts,
    };
    results.set(e.id, r);
    return r;
  };
  return CATALOGUE.map(evaluate);
}
