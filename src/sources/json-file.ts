// Reads a JSON file and turns a syntax error into a diagnostic with line and column, because
// JSON.parse only reports a character offset (and a user needs a line to fix the file).
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../model/diagnostic.js';

export type JsonRead = { ok: true; body: unknown } | { ok: false; diagnostic: Diagnostic };

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNewline = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNewline = i;
    }
  }
  return { line, column: offset - lastNewline };
}

export function parseJsonText(text: string, displayPath: string): JsonRead {
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(message);
    // "Unexpected end of JSON input" has no position: the problem is at the end of the file.
    const offset = m?.[1] === undefined ? text.length : Number(m[1]);
    const { line, column } = lineAndColumn(text, offset);
    return {
      ok: false,
      diagnostic: {
        severity: 'error',
        code: 'json-syntax',
        // V8's message may quote a multi-line snippet of the file: keep the report to one line.
        message: `invalid JSON: ${message
          .replace(/ in JSON at position \d+.*$/s, '')
          .replace(/\s*\(line \d+ column \d+\)$/, '')
          .replace(/\s+/g, ' ')
          .slice(0, 200)}`,
        file: displayPath,
        line,
        column,
      },
    };
  }
}

export async function readJsonFile(path: string, displayPath: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return {
      ok: false,
      diagnostic: {
        severity: 'error',
        code: 'unreadable',
        message: `cannot read file (${code})`,
        file: displayPath,
      },
    };
  }
  return parseJsonText(text, displayPath);
}
