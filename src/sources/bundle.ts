// Reads an environment bundle folder (docs/bundle.md) into memory, exactly as found. Only I/O happens
// here; turning the raw files into the model is analysis/environment.ts's job.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, posix, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Host, HostFile, HostMeta } from '../model/host.js';
import { UserError } from '../errors.js';
import { readJsonFile, type JsonRead } from './json-file.js';

/** Larger files are not configuration: they are skipped with a diagnostic rather than read into memory. */
const MAX_HOST_FILE_BYTES = 8 * 1024 * 1024;

export type RawBundle = {
  root: string;
  name: string;
  config?: { file: string; text: string };
  /** API collections by file name without `.json` (`droplets`, `firewalls`, ...); absent when the folder is. */
  digitalocean?: { files: Map<string, JsonRead & { file: string }>; meta?: JsonRead & { file: string } };
  hosts: Host[];
  diagnostics: Diagnostic[];
};

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function listDir(p: string): Promise<string[]> {
  try {
    return (await readdir(p)).sort();
  } catch {
    return [];
  }
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

async function readHostFiles(
  filesDir: string,
  display: (p: string) => string,
  diagnostics: Diagnostic[],
): Promise<Map<string, HostFile>> {
  const out = new Map<string, HostFile>();
  const walk = async (dir: string): Promise<void> => {
    for (const name of await listDir(dir)) {
      const full = join(dir, name);
      const st = await lstat(full);
      // Links are never followed: a bundle must not make the scanner read outside itself.
      if (st.isSymbolicLink()) {
        diagnostics.push({
          severity: 'info',
          code: 'symlink-skipped',
          message: 'symbolic link not followed',
          file: display(full),
        });
      } else if (st.isDirectory()) {
        await walk(full);
      } else if (st.isFile()) {
        if (st.size > MAX_HOST_FILE_BYTES) {
          diagnostics.push({
            severity: 'warning',
            code: 'file-too-large',
            message: `skipped: ${st.size} bytes`,
            file: display(full),
          });
          continue;
        }
        const hostPath = posix.join('/', toPosix(relative(filesDir, full)));
        out.set(hostPath, {
          path: hostPath,
          content: await readFile(full, 'utf8'),
          bundlePath: display(full),
        });
      }
    }
  };
  await walk(filesDir);
  return out;
}

function hostMetaFrom(read: JsonRead, diagnostics: Diagnostic[], file: string): HostMeta {
  if (!read.ok) {
    diagnostics.push(read.diagnostic);
    return {};
  }
  const b = read.body as Record<string, unknown> | null;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    diagnostics.push({
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

async function readHost(root: string, dir: string, diagnostics: Diagnostic[]): Promise<Host> {
  const display = (p: string) => toPosix(relative(root, p));
  const name = basename(dir);
  const metaPath = join(dir, 'meta.json');
  const meta = (await lstat(metaPath).catch(() => undefined))?.isFile()
    ? hostMetaFrom(await readJsonFile(metaPath, display(metaPath)), diagnostics, display(metaPath))
    : {};
  const files = await readHostFiles(join(dir, 'files'), display, diagnostics);
  const commands = new Map<string, { name: string; output: string; bundlePath: string }>();
  for (const f of await listDir(join(dir, 'commands'))) {
    if (!f.endsWith('.txt')) continue;
    const full = join(dir, 'commands', f);
    if (!(await lstat(full)).isFile()) continue;
    const cmd = f.slice(0, -'.txt'.length);
    commands.set(cmd, { name: cmd, output: await readFile(full, 'utf8'), bundlePath: display(full) });
  }
  return { name, meta, files, commands, source: { kind: 'file', path: display(dir) } };
}

export async function readBundle(dir: string): Promise<RawBundle> {
  const root = resolve(dir);
  if (!(await isDirectory(root))) {
    throw new UserError(`bundle not found: ${dir} is not a directory (see docs/bundle.md for the layout)`);
  }
  const diagnostics: Diagnostic[] = [];
  const bundle: RawBundle = { root, name: basename(root), hosts: [], diagnostics };

  const configPath = join(root, 'cdeguard.yaml');
  if ((await lstat(configPath).catch(() => undefined))?.isFile()) {
    bundle.config = {
      file: toPosix(relative(process.cwd(), configPath)) || 'cdeguard.yaml',
      text: await readFile(configPath, 'utf8'),
    };
  }

  const doDir = join(root, 'digitalocean');
  if (await isDirectory(doDir)) {
    const files = new Map<string, JsonRead & { file: string }>();
    let meta: (JsonRead & { file: string }) | undefined;
    for (const f of await listDir(doDir)) {
      if (!f.endsWith('.json')) continue;
      const file = `digitalocean/${f}`;
      const read = { ...(await readJsonFile(join(doDir, f), file)), file };
      if (f === 'meta.json') meta = read;
      else files.set(f.slice(0, -'.json'.length), read);
    }
    bundle.digitalocean = meta === undefined ? { files } : { files, meta };
  }

  const hostsDir = join(root, 'hosts');
  for (const h of await listDir(hostsDir)) {
    const full = join(hostsDir, h);
    if (await isDirectory(full)) bundle.hosts.push(await readHost(root, full, diagnostics));
  }
  return bundle;
}
