// Runs the cdeguard CLI from source as a separate process, the way a user runs it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

export type CliResult = { status: number | null; stdout: string; stderr: string };

export function cdeguard(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/main.ts'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
