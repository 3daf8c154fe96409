// Writes the documentation generated from code (schemas, check pages) under docs/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedDocs } from '../src/generated-docs.js';

for (const [path, text] of Object.entries(generatedDocs())) {
  const full = join('docs', path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  console.log(`wrote ${full}`);
}
