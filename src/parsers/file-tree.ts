// A read-only view of a host's filesystem as collected into a bundle. Parsers that follow includes
// (sshd, rsyslog, nginx) read through this, so they stay pure and never touch the real disk.
import picomatch from 'picomatch';
import { posix } from 'node:path';

export type TreeFile = { path: string; content: string; bundlePath?: string };

export type FileTree = {
  /** File content by absolute host path, or undefined when the file was not collected. */
  read(path: string): TreeFile | undefined;
  /** Every collected absolute path, sorted in byte order. */
  paths(): readonly string[];
};

export function fileTreeFromEntries(entries: Iterable<TreeFile>): FileTree {
  const map = new Map<string, TreeFile>();
  for (const e of entries) map.set(posix.normalize(e.path), e);
  const sorted = [...map.keys()].sort(compareBytes);
  return {
    read: (p) => map.get(posix.normalize(p)),
    paths: () => sorted,
  };
}

/** Comparison of the UTF-8 bytes, as glob(3) sorts in the C locale (UTF-16 order differs for non-ASCII). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Expands an absolute glob pattern against the tree the way glob(3) does for sshd and rsyslog:
 * `*` and `?` never cross `/`, a leading dot must be matched explicitly, results in byte order.
 * A pattern without magic characters matches itself only if the file exists.
 */
export function expandGlob(tree: FileTree, pattern: string): string[] {
  const normalized = posix.normalize(pattern);
  if (!picomatch.scan(normalized).isGlob) return tree.read(normalized) ? [normalized] : [];
  const isMatch = picomatch(normalized, { dot: false, nobrace: true, noextglob: true, noglobstar: true });
  return tree.paths().filter((p) => isMatch(p));
}
