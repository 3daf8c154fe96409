// The JSON report's schema, written with zod so it can be emitted as JSON Schema (docs/schemas/) and
// checked against the Report type at compile time: the document and the code cannot drift apart.
import { z } from 'zod';
import type { Report } from './report.js';

const source = z.union([
  z.strictObject({
    kind: z.literal('file'),
    path: z.string(),
    line: z.number().int().optional(),
    host: z.string().optional(),
  }),
  z.strictObject({
    kind: z.literal('do-api'),
    endpoint: z.string(),
    id: z.string().optional(),
    file: z.string().optional(),
  }),
  z.strictObject({
    kind: z.literal('terraform'),
    file: z.string(),
    line: z.number().int(),
    address: z.string(),
  }),
  z.strictObject({
    kind: z.literal('command'),
    command: z.string(),
    host: z.string(),
    file: z.string().optional(),
    line: z.number().int().optional(),
  }),
  z.strictObject({ kind: z.literal('default'), product: z.string(), note: z.string() }),
  z.strictObject({ kind: z.literal('config'), path: z.string(), line: z.number().int().optional() }),
]);

const severity = z.enum(['low', 'medium', 'high', 'critical']);
const findingStatus = z.enum(['pass', 'fail', 'unknown', 'not_applicable', 'accepted']);
const requirementStatus = z.enum(['not_in_place', 'not_tested', 'in_place', 'not_applicable']);

const finding = z.strictObject({
  checkId: z.string(),
  title: z.string(),
  severity,
  pci: z.array(z.string()).readonly(),
  resource: z.strictObject({
    kind: z.enum(['droplet', 'host', 'firewall', 'vpc', 'collection']),
    id: z.string(),
    name: z.string(),
  }),
  status: findingStatus,
  messageId: z.string().describe('Stable identifier of the message; match on this, not on the text'),
  message: z.string(),
  evidence: z.array(
    z.strictObject({ observed: z.string(), expected: z.string().optional(), source: source.optional() }),
  ),
  remediation: z.string(),
  scopeRole: z.enum(['cde', 'connected', 'out-of-scope']).optional(),
  counts: z.boolean().describe('False for findings on resources declared out of scope: listed, not counted'),
});

const requirement = z.strictObject({
  id: z.string().describe('PCI DSS v4.0.1 requirement id, verbatim'),
  title: z.string().describe('Short paraphrase, not the standard text'),
  level: z.number().int(),
  parent: z.string().nullable(),
  automation: z.enum(['automated', 'partial', 'attestation', 'not-applicable']),
  status: requirementStatus,
  reason: z.string(),
  checks: z.array(z.string()),
  counts: z.strictObject({
    pass: z.number().int(),
    fail: z.number().int(),
    unknown: z.number().int(),
    accepted: z.number().int(),
    not_applicable: z.number().int(),
  }),
});

export const reportSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    tool: z.strictObject({ name: z.literal('cdeguard'), version: z.string() }),
    standard: z.literal('PCI DSS v4.0.1'),
    generatedAt: z.string().describe('ISO 8601 time the report was made'),
    bundle: z.strictObject({
      name: z.string(),
      collectedAt: z.array(z.strictObject({ source: z.string(), at: z.string() })),
      notCollected: z.array(z.string()),
    }),
    scope: z.strictObject({ declared: z.boolean(), saq: z.string().nullable() }),
    summary: z.strictObject({
      findings: z.record(findingStatus, z.number().int()),
      requirements: z.strictObject({
        not_in_place: z.number().int(),
        not_tested: z.number().int(),
        in_place: z.number().int(),
        not_applicable: z.number().int(),
        total: z.number().int(),
      }),
    }),
    requirements: z.array(requirement),
    findings: z.array(finding),
    checks: z.array(
      z.strictObject({
        id: z.string(),
        title: z.string(),
        severity,
        pci: z.array(z.string()).readonly(),
        rationale: z.string(),
        remediation: z.string(),
      }),
    ),
    diagnostics: z.array(
      z.strictObject({
        severity: z.enum(['error', 'warning', 'info']),
        code: z.string(),
        message: z.string(),
        file: z.string().optional(),
        line: z.number().int().optional(),
        column: z.number().int().optional(),
      }),
    ),
  })
  .describe('cdeguard scan report (--format json)');

// Compile-time proof that every Report the code builds fits the published schema.
type Assert<T extends true> = T;
export type ReportFitsSchema = Assert<Report extends z.input<typeof reportSchema> ? true : false>;
