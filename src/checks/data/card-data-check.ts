// The shape the card-data checks share: one finding for the searched data folder, failing on the
// findings a predicate selects, listing them masked with file and line, and never passing when a file
// could not be read to the end.
import type { CardDataScan, Environment } from '../../model/environment.js';
import type { PanFinding } from '../../pan/index.js';
import { defineCheck, type Check, type Evidence, type Severity } from '../kit.js';

export type CardDataSpec = {
  id: string;
  title: string;
  severity: Severity;
  pci: readonly string[];
  rationale: string;
  remediation: string;
  select: (f: PanFinding) => boolean;
  /** What the selected findings are, in words: "card numbers", "track data". */
  what: string;
};

const MAX_LISTED = 20;

function describe(f: PanFinding): string {
  const tags = [
    f.kind === 'pan' ? f.brand : f.kind,
    f.testCard ? 'published test number' : '',
    f.sad ? 'with authentication data' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${f.masked} (${tags}; confidence ${f.confidence})`;
}

export function cardDataCheck(spec: CardDataSpec): Check {
  return defineCheck<CardDataScan>({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    pci: spec.pci,
    rationale: spec.rationale,
    remediation: spec.remediation,
    appliesTo: (env: Environment) => (env.cardData.known ? [env.cardData.value] : env.cardData),
    describe: (c) => ({ kind: 'collection', id: c.root, name: `${c.root}/` }),
    evaluate(c, _env, report) {
      const hits = c.findings.filter(spec.select);
      const evidence: Evidence[] = hits.slice(0, MAX_LISTED).map((f) => ({
        observed: describe(f),
        source: { kind: 'file', path: f.file, line: f.line },
      }));
      if (hits.length > MAX_LISTED)
        evidence.push({ observed: `${hits.length - MAX_LISTED} more not listed` });
      if (hits.length > 0) {
        const files = new Set(hits.map((f) => f.file)).size;
        const onlyTest = hits.every((f) => f.testCard);
        report.fail(
          onlyTest ? 'test-card-data-found' : 'card-data-found',
          `${hits.length} finding(s) of ${spec.what} in ${files} file(s) under ${c.root}/${onlyTest ? ', all of them published test numbers: test data has leaked into these files, and real numbers can follow the same path' : ''}.`,
          evidence,
        );
        return;
      }
      if (c.incomplete.length > 0) {
        report.unknown(
          'files-not-fully-read',
          `Not tested: no ${spec.what} in what was read, but ${c.incomplete.length} file(s) under ${c.root}/ could not be read to the end.`,
          c.incomplete
            .slice(0, MAX_LISTED)
            .map((i) => ({ observed: i.message, source: { kind: 'file', path: i.file } })),
        );
        return;
      }
      report.pass(
        'no-card-data',
        `No ${spec.what} in ${c.stats.files} file(s) (${c.stats.bytesScanned} bytes) under ${c.root}/.`,
        [
          {
            observed: `${c.stats.files} files, ${c.stats.candidates} digit runs that looked like card numbers, none reported`,
            source: { kind: 'file', path: c.root },
          },
        ],
      );
    },
  });
}
