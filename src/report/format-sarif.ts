// `--format sarif`: SARIF 2.1.0 for code-scanning dashboards. Every finding becomes a result whose
// `kind` carries its status (fail, pass, review for unknown, notApplicable), so nothing is dropped.
import type { FindingStatus, Severity } from '../checks/kit.js';
import type { Source } from '../model/observed.js';
import { describeSource } from '../model/observed.js';
import type { Report } from './report.js';

const KIND: Record<FindingStatus, string> = {
  fail: 'fail',
  accepted: 'fail',
  pass: 'pass',
  unknown: 'review',
  not_applicable: 'notApplicable',
};

const LEVEL: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** GitHub code scanning reads this property to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

function location(source: Source | undefined, resourceName: string) {
  const logical = [{ name: resourceName, kind: 'resource' }];
  if (source === undefined) return { logicalLocations: logical };
  if (source.kind === 'file' || source.kind === 'config') {
    return {
      physicalLocation: {
        artifactLocation: { uri: encodeURI(source.path), uriBaseId: 'BUNDLE' },
        ...(source.line !== undefined && source.line > 0 ? { region: { startLine: source.line } } : {}),
      },
      logicalLocations: logical,
    };
  }
  if ((source.kind === 'command' || source.kind === 'do-api') && source.file !== undefined) {
    return {
      physicalLocation: {
        artifactLocation: { uri: encodeURI(source.file), uriBaseId: 'BUNDLE' },
        ...(source.kind === 'command' && source.line !== undefined
          ? { region: { startLine: source.line } }
          : {}),
      },
      logicalLocations: logical,
    };
  }
  return { logicalLocations: [...logical, { name: describeSource(source), kind: 'object' }] };
}

export function formatSarif(report: Report): string {
  const ruleIndex = new Map(report.checks.map((c, i) => [c.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: report.checks.map((c) => ({
              id: c.id,
              name: c.id,
              shortDescription: { text: c.title },
              fullDescription: { text: c.rationale },
              help: { text: c.remediation },
              defaultConfiguration: { level: LEVEL[c.severity] },
              properties: {
                tags: ['security', 'pci-dss', ...c.pci.map((id) => `PCI-DSS-v4.0.1/${id}`)],
                'security-severity': SECURITY_SEVERITY[c.severity],
                pci: c.pci,
              },
            })),
          },
        },
        originalUriBaseIds: { BUNDLE: { description: { text: `the scanned bundle ${report.bundle.name}` } } },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            // Input problems (unreadable or malformed files) travel with the results, so a reader of
            // the SARIF alone knows why some findings are `review` (not tested).
            toolExecutionNotifications: report.diagnostics.map((d) => ({
              level: d.severity === 'info' ? 'note' : d.severity,
              message: { text: d.message },
              descriptor: { id: d.code },
              ...(d.file === undefined
                ? {}
                : {
                    locations: [
                      {
                        physicalLocation: {
                          artifactLocation: { uri: encodeURI(d.file), uriBaseId: 'BUNDLE' },
                          ...(d.line === undefined
                            ? {}
                            : {
                                region: {
                                  startLine: d.line,
                                  ...(d.column === undefined ? {} : { startColumn: d.column }),
                                },
                              }),
                        },
                      },
                    ],
                  }),
            })),
          },
        ],
        results: report.findings.map((f) => {
          const firstSource = f.evidence.find((e) => e.source !== undefined)?.source;
          return {
            ruleId: f.checkId,
            ruleIndex: ruleIndex.get(f.checkId) ?? -1,
            kind: KIND[f.status],
            level: f.status === 'fail' || f.status === 'accepted' ? LEVEL[f.severity] : 'none',
            message: { text: f.message },
            locations: [location(firstSource, f.resource.name)],
            partialFingerprints: { 'cdeguard/v1': `${f.checkId}:${f.resource.kind}:${f.resource.id}` },
            properties: {
              status: f.status,
              messageId: f.messageId,
              resource: f.resource,
              pci: f.pci,
              ...(f.scopeRole === undefined ? {} : { scopeRole: f.scopeRole }),
              evidence: f.evidence.map((e) => ({
                observed: e.observed,
                ...(e.expected === undefined ? {} : { expected: e.expected }),
                ...(e.source === undefined ? {} : { source: describeSource(e.source) }),
              })),
            },
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
