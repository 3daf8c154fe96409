// Parses cdeguard.yaml text into a validated Config, turning YAML and schema errors into one
// UserError that names file:line:column and the key path.
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { UserError, locate } from '../errors.js';

/** The YAML node at a key path; with `keyNode`, the last segment's key rather than its value. */
function nodeAt(root: unknown, path: readonly PropertyKey[], keyNode = false): YamlNode | undefined {
  let node = root;
  let found: YamlNode | undefined = isMap(node) || isSeq(node) ? node : undefined;
  for (const [i, key] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      const last = i === path.length - 1;
      node = pair.value ?? pair.key;
      found = (keyNode && last ? pair.key : (pair.value ?? pair.key)) as YamlNode;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) break;
      found = node as YamlNode;
    } else break;
  }
  return found;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new UserError(
      `${locate(file, pos.line, pos.col)}: invalid YAML: ${firstError.message.split('\n')[0]}`,
    );
  }
  let data: unknown;
  try {
    // A small alias budget: an alias bomb ("billion laughs") is a configuration error, not a hang.
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    throw new UserError(`${file}: invalid YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new UserError(`${file}: invalid configuration`);
  // For an unknown key, point at the key itself: that is the line with the typo.
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const node =
    unknownKey === undefined
      ? nodeAt(doc.contents, issue.path)
      : nodeAt(doc.contents, [...issue.path, unknownKey], true);
  const pos = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
  throw new UserError(`${locate(file, pos?.line, pos?.col)}: ${describeIssue(issue)}`);
}
