// Paths tests share: the project root and the read-only corpus beside it.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { TreeFile } from '../../src/parsers/file-tree.js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const corpus = resolve(projectRoot, '../shared/corpus');
export const referenceDocs = resolve(projectRoot, '../shared/docs/reference');

/** Every file under `root` as a host file tree entry (`root/etc/x` becomes `/etc/x`); `.gitkeep` skipped. */
export function treeEntries(root: string): TreeFile[] {
  const out: TreeFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== '.gitkeep') {
        out.push({
          path: `/${relative(root, p).split('\\').join('/')}`,
          content: readFileSync(p, 'utf8'),
          bundlePath: relative(projectRoot, p),
        });
      }
    }
  };
  walk(root);
  return out;
}
