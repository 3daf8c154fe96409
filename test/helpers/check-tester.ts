// Table tests for checks. Each check must show at least one pass, one fail and one unknown case, and
// every case asserts the status and the message id of the finding for one named resource.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Check, FindingStatus } from '../../src/checks/kit.js';
import type { Environment } from '../../src/model/environment.js';

export type CheckCase = {
  name: string;
  env: Environment;
  /** Name of the resource whose finding is asserted; omit when the environment yields exactly one finding. */
  resource?: string;
  status: FindingStatus;
  messageId: string;
  /** Optional extra assertion on the finding's text or evidence. */
  messageIncludes?: string;
};

export function checkTable(check: Check, cases: CheckCase[]): void {
  const statuses = new Set(cases.map((c) => c.status));
  test(`${check.id}: the table covers pass, fail and unknown`, () => {
    for (const s of ['pass', 'fail', 'unknown'] as const) assert.ok(statuses.has(s), `no ${s} case`);
  });
  for (const c of cases) {
    test(`${check.id}: ${c.name}`, () => {
      const findings = check.run(c.env);
      const found =
        c.resource === undefined
          ? (assert.equal(findings.length, 1, 'expected exactly one finding'), findings[0])
          : findings.find((f) => f.resource.name === c.resource);
      assert.ok(found, `no finding for ${c.resource ?? 'the resource'}`);
      assert.equal(found.status, c.status, found.message);
      assert.equal(found.messageId, c.messageId, found.message);
      if (c.messageIncludes !== undefined)
        assert.ok(found.message.includes(c.messageIncludes), found.message);
    });
  }
}
