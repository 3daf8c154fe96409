// Holds the catalogue to the shared reference: the v4.0.1 id list (ids, order, parents, levels) and the automation
// grades in pci-dss-v4.0.1.md. The reference lives next to the repository (../shared/docs/reference) unless
// CDEGUARD_REFERENCE_DIR points elsewhere.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE, STANDARD_VERSION, type Automation } from './catalogue-data.js';

const AUTOMATIONS: readonly Automation[] = ['automated', 'partial', 'attestation', 'not-applicable'];
const FALLBACK_PREFIX = 'Part of: ';
const MAX_TITLE = 90;

type TsvRow = { id: string; parent: string | null; level: number };

function referenceDir(): string {
  const dir =
    process.env.CDEGUARD_REFERENCE_DIR ??
    fileURLToPath(new URL('../../../shared/docs/reference/', import.meta.url));
  const needed = ['pci-dss-v4.0.1-ids.tsv', 'pci-dss-v4.0.1.md'];
  for (const name of needed) {
    if (!existsSync(join(dir, name))) {
      throw new Error(
        `reference file ${join(dir, name)} not found; set CDEGUARD_REFERENCE_DIR to its folder`,
      );
    }
  }
  return dir;
}

function parseTsv(text: string): TsvRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  assert.equal(lines[0], 'id\tparent\tlevel', 'unexpected tsv header');
  return lines.slice(1).map((line, i) => {
    const cols = line.split('\t');
    assert.equal(cols.length, 3, `tsv line ${i + 2} has ${cols.length} columns`);
    const [id, parent, level] = cols as [string, string, string];
    assert.match(level, /^\d+$/, `tsv line ${i + 2}: level ${level}`);
    return { id, parent: parent === '' ? null : parent, level: Number(level) };
  });
}

const dir = referenceDir();
const TSV = parseTsv(readFileSync(join(dir, 'pci-dss-v4.0.1-ids.tsv'), 'utf8'));
const REFERENCE = readFileSync(join(dir, 'pci-dss-v4.0.1.md'), 'utf8');
const TSV_IDS = TSV.map((r) => r.id);
const TSV_INDEX = new Map(TSV.map((r, i) => [r.id, i]));
const BY_ID = new Map(CATALOGUE.map((e) => [e.id, e]));

function entry(id: string) {
  const e = BY_ID.get(id);
  assert.ok(e, `catalogue has no ${id}`);
  return e;
}

function isUnder(id: string, principal: string): boolean {
  return id === principal || id.startsWith(`${principal}.`);
}

/** Ids named by one cell of the reference's id column: "8.4.1 / 8.4.2", "5.2.1–5.3.5", "11.3.1 (+.1, .2, .3)", "3.7.x". */
function expandIdCell(cell: string): string[] {
  return cell.split(' / ').flatMap((raw) => {
    const part = raw.trim();
    const plus = /^(\S+)\s*\(\+(.*)\)$/.exec(part);
    if (plus) {
      const base = plus[1]!;
      const suffixes = plus[2]!.split(',').map((s) => s.trim());
      return [base, ...suffixes.map((s) => `${base}${s}`)];
    }
    const range = /^(\S+)–(\S+)$/.exec(part);
    if (range) {
      const [from, to] = [range[1]!, range[2]!];
      const a = TSV_INDEX.get(from);
      const b = TSV_INDEX.get(to);
      assert.ok(a !== undefined && b !== undefined && a <= b, `bad range ${part}`);
      // A range spans requirements; group headings that fall between its ends (e.g. 5.3 in 5.2.1–5.3.5) are not in it.
      const minLevel = Math.min(TSV[a]!.level, TSV[b]!.level);
      return TSV.slice(a, b + 1)
        .filter((r) => r.level >= minLevel)
        .map((r) => r.id);
    }
    if (part.endsWith('.x')) {
      const prefix = part.slice(0, -1);
      const ids = TSV_IDS.filter((id) => id.startsWith(prefix));
      assert.ok(ids.length > 0, `no ids under ${part}`);
      return ids;
    }
    return [part];
  });
}

/** Grade of one "how" cell; notes in parentheses are ignored, mixed grades ("A … + E …") need evidence: partial. */
function gradeHowCell(cell: string): Automation | 'split' {
  const text = cell.replace(/\([^)]*\)/g, '').trim();
  if (text.startsWith('n/a')) return 'not-applicable';
  if (text.includes('/')) return 'split';
  const letters = new Set(text.split('+').map((s) => s.trim().split(/\s+/)[0]));
  const grades = [...letters].map((l) => {
    if (l === 'A') return 'automated';
    if (l === 'P') return 'partial';
    if (l === 'E') return 'attestation';
    throw new Error(`unknown grade "${cell}"`);
  });
  return grades.length === 1 ? grades[0]! : 'partial';
}

type GradedRow = { idCell: string; ids: string[]; how: string; grade: Automation | 'split' };

/** The rows of section 1 ("Requirement catalogue used by cdeguard") of the reference. */
function referenceRows(): GradedRow[] {
  const start = REFERENCE.indexOf('## 1.');
  const end = REFERENCE.indexOf('\n## 2.', start);
  assert.ok(start >= 0 && end > start, 'reference section 1 not found');
  const rows: GradedRow[] = [];
  for (const line of REFERENCE.slice(start, end).split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const [idCell, , how] = cells;
    if (idCell === undefined || how === undefined || idCell === 'id' || idCell.startsWith('---')) continue;
    rows.push({ idCell, ids: expandIdCell(idCell), how, grade: gradeHowCell(how) });
  }
  return rows;
}

const ROWS = referenceRows();

// "6.5.1–6.5.6 | P (6.5.5 via PAN discovery) / E": the reference grades 6.5.5 partial and the rest attestation.
const SPLIT_ROWS: Partial<Record<string, Automation>> = {
  '6.5.1': 'attestation',
  '6.5.2': 'attestation',
  '6.5.3': 'attestation',
  '6.5.4': 'attestation',
  '6.5.5': 'partial',
  '6.5.6': 'attestation',
};

function referenceGrade(id: string): Automation | undefined {
  const row = ROWS.find((r) => r.ids.includes(id));
  if (!row) return undefined;
  return row.grade === 'split' ? SPLIT_ROWS[id] : row.grade;
}

describe('PCI DSS catalogue data', () => {
  test('names the standard version', () => {
    assert.equal(STANDARD_VERSION, 'PCI DSS v4.0.1');
  });

  test('has exactly the ids of the v4.0.1 id list, in its order', () => {
    assert.ok(TSV.length > 300, `id list looks truncated (${TSV.length} rows)`);
    assert.deepEqual(
      CATALOGUE.map((e) => e.id),
      TSV_IDS,
    );
  });

  test('has no duplicate ids', () => {
    const seen = new Set<string>();
    const dups = CATALOGUE.map((e) => e.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    assert.deepEqual(dups, []);
  });

  test('parents and levels equal the id list', () => {
    assert.deepEqual(
      CATALOGUE.map((e) => ({ id: e.id, parent: e.parent, level: e.level })),
      TSV,
    );
  });

  test('every parent precedes its children and is one level up', () => {
    const seen = new Map<string, number>();
    for (const e of CATALOGUE) {
      assert.match(e.id, /^(A\d+|\d+)(\.\d+)*$/, `malformed id ${e.id}`);
      if (e.parent === null) {
        assert.equal(e.level, 1, `${e.id} has no parent but level ${e.level}`);
      } else {
        assert.equal(
          seen.get(e.parent),
          e.level - 1,
          `${e.id}: parent ${e.parent} missing or not one level up`,
        );
        assert.ok(e.id.startsWith(`${e.parent}.`), `${e.id} is not numbered under ${e.parent}`);
      }
      seen.set(e.id, e.level);
    }
  });

  test('titles are non-empty, trimmed, at most 90 characters and not placeholders', () => {
    for (const e of CATALOGUE) {
      assert.ok(e.title.length > 0, `${e.id}: empty title`);
      assert.equal(e.title, e.title.trim(), `${e.id}: title has surrounding whitespace`);
      assert.ok(e.title.length <= MAX_TITLE, `${e.id}: title is ${e.title.length} characters`);
      assert.doesNotMatch(e.title, /\b(TODO|TBD|FIXME|XXX)\b|^\.\.\.$|^-$/, `${e.id}: placeholder title`);
    }
  });

  test('fallback titles repeat the parent title', () => {
    for (const e of CATALOGUE.filter((x) => x.title.startsWith(FALLBACK_PREFIX))) {
      assert.ok(e.parent !== null, `${e.id}: fallback title without a parent`);
      const parentTitle = entry(e.parent).title.replace(FALLBACK_PREFIX, '');
      assert.equal(
        e.title,
        `${FALLBACK_PREFIX}${parentTitle}`,
        `${e.id}: fallback must name the parent's title`,
      );
    }
  });

  test('requirements 1, 2, 8 and 10, the principal requirements and ids the reference names have own titles', () => {
    const mentioned = new Set(
      [...REFERENCE.matchAll(/(?<![\w.])(?:A\d|\d{1,2})(?:\.\d+)+(?!\.?\d)/g)]
        .map((m) => m[0])
        .filter((id) => TSV_INDEX.has(id)),
    );
    for (const r of ROWS) for (const id of r.ids) mentioned.add(id);
    assert.ok(mentioned.has('1.2.5') && mentioned.has('12.10.7'), 'reference ids were not found');
    const mustHaveOwnTitle = CATALOGUE.filter(
      (e) =>
        ['1', '2', '8', '10'].some((p) => isUnder(e.id, p)) ||
        (e.level === 1 && /^\d+$/.test(e.id)) ||
        mentioned.has(e.id),
    );
    assert.equal(mustHaveOwnTitle.filter((e) => e.level === 1 && /^\d+$/.test(e.id)).length, 12);
    for (const e of mustHaveOwnTitle) {
      assert.ok(!e.title.startsWith(FALLBACK_PREFIX), `${e.id} needs its own title, not a fallback`);
    }
  });

  test('automation values are valid', () => {
    for (const e of CATALOGUE) assert.ok(AUTOMATIONS.includes(e.automation), `${e.id}: ${e.automation}`);
  });

  test('every id named in the reference catalogue exists in the id list', () => {
    for (const r of ROWS) {
      for (const id of r.ids)
        assert.ok(TSV_INDEX.has(id), `reference row "${r.idCell}" names unknown id ${id}`);
    }
  });

  test('sampled automation grades match the reference text', () => {
    const samples: Record<string, Automation> = {
      '1.3.1': 'automated',
      '1.2.5': 'partial',
      '1.2.3': 'attestation',
      '8.3.1': 'automated',
      '10.6.1': 'automated',
      '2.2.7': 'automated',
      '3.3.2': 'not-applicable',
      '6.4.1': 'not-applicable',
      '10.3.3': 'partial', // "A (forwarding config) + E (receiver)"
      '8.4.2': 'partial', // "P (sshd …) + E (DigitalOcean and Shopify admin)"
      '10.2.1.4': 'partial', // row 10.2.1.1–10.2.1.7
      '3.3.1.2': 'automated', // row 3.3.1 / 3.3.1.1–3.3.1.3
      '11.3.1.2': 'partial', // row 11.3.1 (+.1, .2, .3)
      '5.3.2.1': 'attestation', // row 5.2.1–5.3.5
      '6.5.5': 'partial',
      '6.5.1': 'attestation',
    };
    for (const [id, expected] of Object.entries(samples)) {
      assert.equal(referenceGrade(id), expected, `reference grade of ${id}`);
      assert.equal(entry(id).automation, expected, `catalogue automation of ${id}`);
    }
  });

  test('every id graded in the reference has that automation; the rest are attestation', () => {
    const graded = new Set<string>();
    for (const r of ROWS) {
      for (const id of r.ids) {
        const expected = r.grade === 'split' ? SPLIT_ROWS[id] : r.grade;
        assert.ok(expected, `no reading for ${id} in split row "${r.idCell}"`);
        assert.equal(entry(id).automation, expected, `${id} (reference row "${r.idCell}": ${r.how})`);
        graded.add(id);
      }
    }
    for (const e of CATALOGUE.filter((x) => !graded.has(x.id))) {
      assert.equal(e.automation, 'attestation', `${e.id} is not graded in the reference`);
    }
  });
});
