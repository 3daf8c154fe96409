// The two kinds of error cdeguard raises itself. A UserError is how the tool was called (bad flag,
// missing bundle, invalid cdeguard.yaml): one clear line, exit 2. Anything else that escapes is a bug.

export class UserError extends Error {
  override name = 'UserError';
}

/** `file:line:column: message`, the form editors and terminals turn into links. */
export function locate(file: string, line?: number, column?: number): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}
