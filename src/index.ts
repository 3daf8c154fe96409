// The library entry point: scan a bundle from code, with the same pipeline the CLI uses.
export { readBundle } from './sources/bundle.js';
export { parseConfig } from './config/load.js';
export { buildEnvironment } from './analysis/environment.js';
export { scan, runChecks } from './engine.js';
export { CHECKS } from './checks/index.js';
export type { Check, Finding, FindingStatus, Severity, Evidence } from './checks/kit.js';
export type { Report } from './report/report.js';
export type { Environment } from './model/environment.js';
export { formatJson } from './report/format-json.js';
export { formatSarif } from './report/format-sarif.js';
export { formatTerminal } from './report/format-terminal.js';
export { redact } from './report/redact.js';
