// Runs every registered check over an environment and builds the report. Pure apart from the clock,
// which the caller passes in.
import type { Check, Finding } from './checks/kit.js';
import { CHECKS } from './checks/index.js';
import type { Environment } from './model/environment.js';
import { buildReport, type Report } from './report/report.js';
import { TOOL_VERSION } from './version.js';

export function runChecks(env: Environment, checks: readonly Check[] = CHECKS): Finding[] {
  return checks.flatMap((c) => c.run(env));
}

export function scan(env: Environment, now: Date, checks: readonly Check[] = CHECKS): Report {
  const report = buildReport(env, checks, runChecks(env, checks), now);
  report.tool.version = TOOL_VERSION;
  return report;
}
