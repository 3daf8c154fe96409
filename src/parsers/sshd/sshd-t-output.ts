// Reads a collected `sshd -T` dump into keyword → printed values, tolerant of keyword case and blank runs.

/**
 * Parses `sshd -T` output. Keywords are matched case-insensitively (some releases are reported to print
 * CamelCase) and any run of spaces/tabs separates keyword and value. A dump that does not look like
 * `sshd -T` output (no lines, a line that is not `keyword value`, or no `port` line) is rejected rather than
 * guessed at: callers must then report NOT-EVALUATED, never assume defaults.
 */
export function parseSshdTOutput(
  text: string,
): { ok: true; values: Map<string, string[]> } | { ok: false; detail: string } {
  const values = new Map<string, string[]>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^[ \t]*$/.test(line)) continue;
    const m = /^([A-Za-z][A-Za-z0-9]*)(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
    if (!m)
      return {
        ok: false,
        detail: `line ${i + 1} is not "keyword value": ${JSON.stringify(line.slice(0, 80))}`,
      };
    const key = (m[1] as string).toLowerCase();
    const list = values.get(key) ?? [];
    list.push(m[2] ?? '');
    values.set(key, list);
  }
  if (values.size === 0) return { ok: false, detail: 'empty sshd -T output' };
  if (!values.has('port')) return { ok: false, detail: 'no "port" line: not sshd -T output' };
  return { ok: true, values };
}
