// Reads an environment bundle folder (docs/bundle.md) into memory, exactly as found. Only I/O happens
// here; turning the raw files into the model is analysis/environment.ts's job. The reader never follows
// a symbolic link, never opens anything but a regular file, and caps what it reads, so a hostile bundle
// cannot make it read outside itself, hang on a FIFO, or exhaust memory.
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, posix, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Host, HostFile, HostMeta } from '../model/host.js';
import { UserError } from '../errors.js';
import { parseJsonText, type JsonRead } from './json-file.js';
import { scanPaths, type PanFinding, type ScanStats } from '../pan/index.js';

/** Larger files are not configuration: they are skipped with a diagnostic rather than read into memory. */
export const MAX_BUNDLE_FILE_BYTES = 8 * 1024 * 1024;

export type RawBundle = {
  root: string;
  name: string;
  config?: { file: string; text: string };
  /** API collections by file name without `.json` (`droplets`, `firewalls`, ...); absent when the folder is. */
  digitalocean?: { files: Map<string, JsonRead & { file: string }>; meta?: JsonRead & { file: string } };
  hosts: Host[];
  /** Card-data discovery over the bundle's data/ folder; absent when there is none. */
  cardData?: { root: string; findings: PanFinding[]; stats: ScanStats; diagnostics: Diagnostic[] };
  diagnostics: Diagnostic[];
};

type EntryKind = 'file' | 'dir' | 'symlink' | 'other' | 'missing';

async function entryKind(p: string): Promise<{ kind: EntryKind; size: number; error?: string }> {
  try {
    const st = await lstat(p);
    if (st.isSymbolicLink()) return { kind: 'symlink', size: 0 };
    if (st.isDirectory()) return { kind: 'dir', size: 0 };
    if (st.isFile()) return { kind: 'file', size: st.size };
    return { kind: 'other', size: 0 };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { kind: 'missing', size: 0 }
      : { kind: 'missing', size: 0, error: code ?? 'EIO' };
  }
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

/** Context of one bundle read: where it is, and where problems go. */
type Reader = { root: string; diagnostics: Diagnostic[] };

const display = (r: Reader, p: string) => toPosix(relative(r.root, p)) || '.';

function skip(
  r: Reader,
  p: string,
  code: string,
  message: string,
  severity: Diagnostic['severity'] = 'warning',
) {
  r.diagnostics.push({ severity, code, message, file: display(r, p) });
}

/**
 * The kind of a path the bundle layout expects to be a directory or a file, with a diagnostic when it is
 * something else (a link, a FIFO, a file where a folder belongs, an unreadable entry).
 */
async function expect(r: Reader, p: string, want: 'file' | 'dir'): Promise<boolean> {
  const e = await entryKind(p);
  if (e.kind === want) return true;
  if (e.kind === 'missing') {
    if (e.error !== undefined) skip(r, p, 'unreadable', `cannot read (${e.error})`, 'error');
    return false;
  }
  const what =
    e.kind === 'symlink'
      ? 'a symbolic link (never followed)'
      : e.kind === 'dir'
        ? 'a directory'
        : e.kind === 'file'
          ? 'a file'
          : 'not a regular file or directory';
  skip(
    r,
    p,
    e.kind === 'symlink' ? 'symlink-skipped' : 'unexpected-entry',
    `skipped: expected a ${want === 'dir' ? 'directory' : 'file'}, found ${what}`,
  );
  return false;
}

async function listDir(r: Reader, p: string): Promise<string[]> {
  try {
    return (await readdir(p)).sort();
  } catch (e) {
    skip(
      r,
      p,
      'unreadable',
      `cannot list directory (${(e as NodeJS.ErrnoException).code ?? 'EIO'})`,
      'error',
    );
    return [];
  }
}

/** A regular file's text, or undefined with a diagnostic (too large, unreadable). */
async function readText(r: Reader, p: string): Promise<string | undefined> {
  const e = await entryKind(p);
  if (e.kind !== 'file') return undefined;
  if (e.size > MAX_BUNDLE_FILE_BYTES) {
    skip(
      r,
      p,
      'file-too-large',
      `skipped: ${e.size} bytes is over the ${MAX_BUNDLE_FILE_BYTES}-byte limit for collected files`,
    );
    return undefined;
  }
  try {
    return await readFile(p, 'utf8');
  } catch (err) {
    skip(r, p, 'unreadable', `cannot read file (${(err as NodeJS.ErrnoException).code ?? 'EIO'})`, 'error');
    return undefined;
  }
}

async function readJson(r: Reader, p: string): Promise<JsonRead> {
  const text = await readText(r, p);
  if (text === undefined) {
    return {
      ok: false,
      diagnostic: {
        severity: 'error',
        code: 'unreadable',
        message: 'file could not be read (see the diagnostic above)',
        file: display(r, p),
      },
    };
  }
  return parseJsonText(text, display(r, p));
}

async function readHostFiles(r: Reader, filesDir: string): Promise<Map<string, HostFile>> {
  const out = new Map<string, HostFile>();
  const walk = async (dir: string): Promise<void> => {
    for (const name of await listDir(r, dir)) {
      const full = join(dir, name);
      const e = await entryKind(full);
      if (e.kind === 'dir') await walk(full);
      else if (e.kind === 'file') {
        const content = await readText(r, full);
        if (content === undefined) continue;
        const hostPath = posix.join('/', toPosix(relative(filesDir, full)));
        out.set(hostPath, { path: hostPath, content, bundlePath: display(r, full) });
      } else await expect(r, full, 'file');
    }
  };
  if (await expect(r, filesDir, 'dir')) await walk(filesDir);
  return out;
}

function hostMetaFrom(r: Reader, read: JsonRead, file: string): HostMeta {
  if (!read.ok) {
    r.diagnostics.push(read.diagnostic);
    return {};
  }
  const b = read.body as Record<string, unknown> | null;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    r.diagnostics.push({
      severity: 'error',
      code: 'host-meta',
      message: 'meta.json must hold an object',
      file,
    });
    return {};
  }
  const meta: HostMeta = {};
  if (typeof b['hostname'] === 'string') meta.hostname = b['hostname'];
  if (typeof b['droplet_id'] === 'number') meta.dropletId = b['droplet_id'];
  if (typeof b['os_release'] === 'string') meta.osRelease = b['os_release'];
  if (typeof b['collected_at'] === 'string') meta.collectedAt = b['collected_at'];
  return meta;
}

async function readHost(r: Reader, dir: string): Promise<Host> {
  const name = basename(dir);
  const metaPath = join(dir, 'meta.json');
  const meta =
    (await entryKind(metaPath)).kind === 'missing'
      ? {}
      : (await expect(r, metaPath, 'file'))
        ? hostMetaFrom(r, await readJson(r, metaPath), display(r, metaPath))
        : {};
  const files =
    (await entryKind(join(dir, 'files'))).kind === 'missing'
      ? new Map<string, HostFile>()
      : await readHostFiles(r, join(dir, 'files'));
  const commands = new Map<string, { name: string; output: string; bundlePath: string }>();
  const commandsDir = join(dir, 'commands');
  if ((await entryKind(commandsDir)).kind !== 'missing' && (await expect(r, commandsDir, 'dir'))) {
    for (const f of await listDir(r, commandsDir)) {
      if (!f.endsWith('.txt')) continue;
      const full = join(commandsDir, f);
      if (!(await expect(r, full, 'file'))) continue;
      const output = await readText(r, full);
      if (output === undefined) continue;
      const cmd = f.slice(0, -'.txt'.length);
      commands.set(cmd, { name: cmd, output, bundlePath: display(r, full) });
    }
  }
  return { name, meta, files, commands, source: { kind: 'file', path: display(r, dir) } };
}

export async function readBundle(dir: string): Promise<RawBundle> {
  const root = resolve(dir);
  // The bundle path itself is the user's choice and may be a link; nothing inside it is followed.
  const isDir = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir)
    throw new UserError(`bundle not found: ${dir} is not a directory (see docs/bundle.md for the layout)`);
  const diagnostics: Diagnostic[] = [];
  const r: Reader = { root, diagnostics };
  const bundle: RawBundle = { root, name: basename(root), hosts: [], diagnostics };

  const configPath = join(root, 'cdeguard.yaml');
  if ((await entryKind(configPath)).kind !== 'missing') {
    if (!(await expect(r, configPath, 'file'))) {
      throw new UserError(`${toPosix(relative(process.cwd(), configPath))}: not a regular file`);
    }
    const text = await readText(r, configPath);
    if (text === undefined)
      throw new UserError(`${toPosix(relative(process.cwd(), configPath))}: cannot be read`);
    bundle.config = { file: toPosix(relative(process.cwd(), configPath)) || 'cdeguard.yaml', text };
  }

  const doDir = join(root, 'digitalocean');
  if ((await entryKind(doDir)).kind !== 'missing' && (await expect(r, doDir, 'dir'))) {
    const files = new Map<string, JsonRead & { file: string }>();
    let meta: (JsonRead & { file: string }) | undefined;
    for (const f of await listDir(r, doDir)) {
      if (!f.endsWith('.json')) continue;
      const full = join(doDir, f);
      if (!(await expect(r, full, 'file'))) continue;
      const read = { ...(await readJson(r, full)), file: `digitalocean/${f}` };
      if (f === 'meta.json') meta = read;
      else files.set(f.slice(0, -'.json'.length), read);
    }
    bundle.digitalocean = meta === undefined ? { files } : { files, meta };
  }

  const hostsDir = join(root, 'hosts');
  if ((await entryKind(hostsDir)).kind !== 'missing' && (await expect(r, hostsDir, 'dir'))) {
    for (const h of await listDir(r, hostsDir)) {
      const full = join(hostsDir, h);
      if (await expect(r, full, 'dir')) bundle.hosts.push(await readHost(r, full));
    }
  }
  const dataDir = join(root, 'data');
  if ((await entryKind(dataDir)).kind !== 'missing' && (await expect(r, dataDir, 'dir'))) {
    // Links inside data/ are not followed either: the bundle must not make the scanner read elsewhere.
    const result = await scanPaths([dataDir], { followSymlinks: false });
    const rel = (f: string) => display(r, f);
    bundle.cardData = {
      root: 'data',
      findings: result.findings.map((f) => ({ ...f, file: rel(f.file) })),
      stats: result.stats,
      diagnostics: result.diagnostics.map((d) => (d.file === undefined ? d : { ...d, file: rel(d.file) })),
    };
  }
  return bundle;
}
