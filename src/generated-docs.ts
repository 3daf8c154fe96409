// Documentation generated from code, so it cannot drift: the JSON Schemas of cdeguard.yaml and of the
// JSON report, and one page per check. `npm run docs` writes them; a test fails when they are stale.
import { z } from 'zod';
import { configSchema } from './config/schema.js';
import { reportSchema } from './report/report-schema.js';
import { CHECKS } from './checks/index.js';
import type { Check } from './checks/kit.js';
import { requirementById } from './pci/catalogue.js';

function schemaDocument(schema: z.ZodType, id: string, io: 'input' | 'output'): string {
  const json = { ...z.toJSONSchema(schema, { target: 'draft-2020-12', io }), $id: id };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function checkPage(c: Check): string {
  const reqs = requirementById();
  const pci = c.pci
    .map((id) => `- **${id}** — ${reqs.get(id)?.title ?? '(not in the catalogue)'}`)
    .join('\n');
  return `# ${c.id}

**${c.title}** · severity **${c.severity}**

## Why it matters

${c.rationale}

## PCI DSS v4.0.1

${pci}

## How to fix

${c.remediation}

<!-- Generated from src/checks by \`npm run docs\`; edit the check, not this page. -->
`;
}

function checksIndex(checks: readonly Check[]): string {
  const rows = checks.map(
    (c) => `| [\`${c.id}\`](${c.id}.md) | ${c.title} | ${c.severity} | ${c.pci.join(', ')} |`,
  );
  return `# Checks

| id | title | severity | PCI DSS v4.0.1 |
|---|---|---|---|
${rows.join('\n')}

<!-- Generated from src/checks by \`npm run docs\`. -->
`;
}

/** Every generated file, keyed by its path under docs/. */
export function generatedDocs(): Record<string, string> {
  const out: Record<string, string> = {
    // The config schema describes what a user may write (keys with defaults are optional there).
    'schemas/config.schema.json': schemaDocument(configSchema, 'urn:cdeguard:schema:config:1', 'input'),
    'schemas/report.schema.json': schemaDocument(reportSchema, 'urn:cdeguard:schema:report:1', 'output'),
    'checks/README.md': checksIndex(CHECKS),
  };
  for (const c of CHECKS) out[`checks/${c.id}.md`] = checkPage(c);
  return out;
}
