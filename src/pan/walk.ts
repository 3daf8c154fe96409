// Turns the paths given into the regular files to scan, lazily and in a stable order: directories
// recursively, include/exclude globs applied, symbolic links followed with loop detection, and FIFOs,
// sockets, devices and unreadable entries skipped with a diagnostic instead of blocking or failing.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic } from '../model/diagnostic.js';

export type WalkOptions = {
  include: readonly string[];
  exclude: readonly string[];
  followSymlinks: boolean;
};

export type WalkFile = { kind: 'file'; path: string; size: number };
export type WalkItem = WalkFile | { kind: 'diagnostic'; diagnostic: Diagnostic };

function errorCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

function special(st: Stats): string | undefined {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return undefined;
}

const posix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

export async function* walkPaths(paths: readonly string[], o: WalkOptions): AsyncGenerator<WalkItem> {
  const globOpts = { dot: true, basename: true };
  const included = o.include.length === 0 ? () => true : picomatch([...o.include], globOpts);
  const excluded = o.exclude.length === 0 ? () => false : picomatch([...o.exclude], globOpts);
  // Files reached twice (hard links, links to files) are scanned once; only those can repeat, so only
  // those are remembered and memory stays small on big trees.
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const note = (severity: Diagnostic['severity'], code: string, message: string, file: string): WalkItem => ({
    kind: 'diagnostic',
    diagnostic: { severity, code, message, file },
  });

  const rootReal: string[] = [];
  for (const root of paths) {
    try {
      rootReal.push(await realpath(root));
    } catch {
      // reported below when the walk reaches it
    }
  }

  for (const root of paths) {
    let rootStat: Stats;
    try {
      rootStat = await stat(root);
    } catch (e) {
      const code = errorCode(e);
      yield note(
        'error',
        code === 'ELOOP' ? 'pan-symlink-loop' : 'pan-unreadable',
        `cannot read (${code})`,
        root,
      );
      continue;
    }
    if (!rootStat.isDirectory()) {
      const why = special(rootStat);
      if (why !== undefined) yield note('warning', 'pan-special-file', `${why}; not scanned`, root);
      else if (fileIsNew(rootStat, seenFiles, true)) yield { kind: 'file', path: root, size: rootStat.size };
      continue;
    }
    // Depth-first with an explicit stack; entries sorted so reports are stable run to run.
    const stack: { dir: string; st: Stats }[] = [{ dir: root, st: rootStat }];
    while (stack.length > 0) {
      const top = stack.pop();
      if (top === undefined) break;
      const key = `${top.st.dev}:${top.st.ino}`;
      if (seenDirs.has(key)) continue;
      seenDirs.add(key);
      let names: string[];
      try {
        names = (await readdir(top.dir)).sort();
      } catch (e) {
        yield note(
          'warning',
          'pan-unreadable',
          `cannot list directory (${errorCode(e)}); not scanned`,
          top.dir,
        );
        continue;
      }
      const subdirs: { dir: string; st: Stats }[] = [];
      for (const name of names) {
        const p = join(top.dir, name);
        const rel = posix(relative(root, p));
        let st: Stats;
        let viaLink = false;
        try {
          st = await lstat(p);
          if (st.isSymbolicLink()) {
            if (!o.followSymlinks) continue;
            viaLink = true;
            st = await stat(p);
          }
        } catch (e) {
          const code = errorCode(e);
          if (code === 'ELOOP')
            yield note('warning', 'pan-symlink-loop', 'symbolic link loop; not followed', p);
          else if (code === 'ENOENT' && viaLink)
            yield note('info', 'pan-broken-symlink', 'link target missing', p);
          else yield note('warning', 'pan-unreadable', `cannot read (${code}); not scanned`, p);
          continue;
        }
        if (st.isDirectory()) {
          if (excluded(rel)) continue;
          if (viaLink && (await isAncestor(p, top.dir))) {
            yield note('warning', 'pan-symlink-loop', 'link points to a directory above it; not followed', p);
            continue;
          }
          subdirs.push({ dir: p, st });
          continue;
        }
        const why = special(st);
        if (why !== undefined) {
          yield note('warning', 'pan-special-file', `${why}; not scanned`, p);
          continue;
        }
        if (!st.isFile() || excluded(rel) || !included(rel)) continue;
        // A link to a file under a scanned root: the file is (or was) scanned where it lives.
        if (viaLink && (await under(p, rootReal))) continue;
        if (fileIsNew(st, seenFiles, viaLink)) yield { kind: 'file', path: p, size: st.size };
      }
      for (let i = subdirs.length - 1; i >= 0; i--) {
        const d = subdirs[i];
        if (d) stack.push(d);
      }
    }
  }
}

function fileIsNew(st: Stats, seen: Set<string>, viaLink: boolean): boolean {
  if (st.nlink <= 1 && !viaLink) return true;
  const key = `${st.dev}:${st.ino}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

async function under(link: string, roots: readonly string[]): Promise<boolean> {
  try {
    const target = await realpath(link);
    return roots.some((r) => target === r || target.startsWith(r.endsWith(sep) ? r : r + sep));
  } catch {
    return false;
  }
}

async function isAncestor(link: string, dir: string): Promise<boolean> {
  try {
    const target = await realpath(link);
    const here = await realpath(dir);
    return here === target || here.startsWith(target.endsWith(sep) ? target : target + sep);
  } catch {
    return true;
  }
}
