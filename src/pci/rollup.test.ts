import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rollUp, type ScopedFinding } from './rollup.js';
import type { FindingStatus } from '../checks/kit.js';

function finding(checkId: string, pci: string[], status: FindingStatus, counts = true): ScopedFinding {
  return {
    checkId,
    title: checkId,
    severity: 'high',
    pci,
    resource: { kind: 'droplet', id: '1', name: 'web-1' },
    status,
    messageId: status,
    message: status,
    evidence: [],
    remediation: '',
    counts,
  };
}

const byId = (rs: ReturnType<typeof rollUp>, id: string) => {
  const r = rs.find((x) => x.id === id);
  assert.ok(r, id);
  return r;
};

test('RPT-1: a requirement with no checks is Not Tested, one with a failing check Not in Place', () => {
  const rs = rollUp([finding('c1', ['1.4.2'], 'fail')], new Map([['c1', ['1.4.2']]]));
  assert.equal(byId(rs, '1.4.2').status, 'not_in_place');
  assert.equal(byId(rs, '10.3.3').status, 'not_tested');
  assert.equal(byId(rs, '1.4').status, 'not_in_place', 'a parent is as bad as its worst child');
  assert.equal(byId(rs, '1').status, 'not_in_place');
  assert.equal(byId(rs, '10').status, 'not_tested');
});

test('In Place needs a passing finding; unknown beats pass; accepted still fails', () => {
  const checks = new Map([['c', ['1.3.1']]]);
  assert.equal(byId(rollUp([finding('c', ['1.3.1'], 'pass')], checks), '1.3.1').status, 'in_place');
  assert.equal(
    byId(rollUp([finding('c', ['1.3.1'], 'pass'), finding('c', ['1.3.1'], 'unknown')], checks), '1.3.1')
      .status,
    'not_tested',
  );
  assert.equal(byId(rollUp([finding('c', ['1.3.1'], 'accepted')], checks), '1.3.1').status, 'not_in_place');
});

test('a check that judged nothing in scope gives no evidence: Not Tested, never In Place', () => {
  const checks = new Map([['c', ['1.3.2']]]);
  assert.equal(byId(rollUp([], checks), '1.3.2').status, 'not_tested');
  assert.equal(
    byId(rollUp([finding('c', ['1.3.2'], 'not_applicable')], checks), '1.3.2').status,
    'not_tested',
  );
});

test('findings on out-of-scope resources do not count', () => {
  const checks = new Map([['c', ['1.3.1']]]);
  const rs = rollUp([finding('c', ['1.3.1'], 'fail', false), finding('c', ['1.3.1'], 'pass')], checks);
  assert.equal(byId(rs, '1.3.1').status, 'in_place');
});

test('a parent is In Place only when every child is', () => {
  // 1.3 has children 1.3.1, 1.3.2, 1.3.3; only two get passing evidence.
  const checks = new Map([['c', ['1.3.1', '1.3.2']]]);
  const rs = rollUp([finding('c', ['1.3.1', '1.3.2'], 'pass')], checks);
  assert.equal(byId(rs, '1.3.1').status, 'in_place');
  assert.equal(byId(rs, '1.3.3').status, 'not_tested');
  assert.equal(byId(rs, '1.3').status, 'not_tested');
});
