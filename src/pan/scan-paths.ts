// The library entry of card-data discovery: walks the paths, splits big files into ranges, runs the
// tasks on worker threads (or inline), and assembles findings with absolute line numbers, diagnostics
// and statistics. Memory stays bounded: the walk is lazy, few tasks are in flight, findings are capped.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { SNIFF_BYTES, sniff } from './encoding.js';
import { runTask } from './file-scan.js';
import { MIN_KEY_BYTES, fingerprinter, randomKey } from './fingerprint.js';
import { createMatcher } from './matcher.js';
import type { WorkerInit } from './scan-worker.js';
import type { PanFinding, ScanOptions, ScanResult, ScanStats, Task, TaskResult } from './types.js';
import { walkPaths, type WalkFile } from './walk.js';

const MAX_DIAGNOSTICS = 1000;

type Resolved = Required<Omit<ScanOptions, 'fingerprintKey'>>;

function resolveOptions(o: ScanOptions): Resolved {
  const r: Resolved = {
    include: o.include ?? [],
    exclude: o.exclude ?? [],
    binary: o.binary ?? 'scan',
    minConfidence: o.minConfidence ?? 'medium',
    showFirst6: o.showFirst6 ?? false,
    uatp: o.uatp ?? false,
    jobs: o.jobs ?? Math.min(availableParallelism(), 8),
    chunkSize: o.chunkSize ?? 8 * 1024 * 1024,
    followSymlinks: o.followSymlinks ?? true,
    maxGzipRatio: o.maxGzipRatio ?? 200,
    maxGzipBytes: o.maxGzipBytes ?? 64 * 1024 ** 3,
    maxFindings: o.maxFindings ?? 10_000,
  };
  if (!Number.isInteger(r.jobs) || r.jobs < 0) throw new UserError(`jobs must be a whole number ≥ 0`);
  if (!Number.isInteger(r.chunkSize) || r.chunkSize < 2) throw new UserError(`chunk size must be ≥ 2 bytes`);
  if (!(r.maxGzipRatio > 1)) throw new UserError(`gzip ratio limit must be > 1`);
  if (!(r.maxGzipBytes > 0)) throw new UserError(`gzip size limit must be > 0`);
  if (!Number.isInteger(r.maxFindings) || r.maxFindings < 0) throw new UserError(`finding limit must be ≥ 0`);
  return r;
}

type Runner = { run(task: Task): Promise<TaskResult>; close(): Promise<void>; threads: number };

/** Same tasks, same code, in the calling thread: for jobs 0 (tests, tiny inputs, constrained hosts). */
function inlineRunner(init: WorkerInit): Runner {
  const matcher = createMatcher({ ...init.match, fingerprint: fingerprinter(init.key) });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const p = queue.then(() => runTask(task, matcher, init.read));
      queue = p.catch(() => undefined);
      return p;
    },
    close: () => Promise.resolve(),
    threads: 0,
  };
}

function workerEntry(): { filename: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from source under tsx (tests, development): a worker does not inherit tsx's loader, so
    // it registers tsx itself before importing the TypeScript entry.
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./scan-worker.ts', here).href;
    return {
      filename: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
      eval: true,
    };
  }
  return { filename: new URL('./scan-worker.js', here), eval: false };
}

type Job = { task: Task; resolve: (r: TaskResult) => void; reject: (e: unknown) => void };
type Slot = { worker: Worker | undefined; job: Job | undefined };

/** Up to `n` workers, started on demand, one task each at a time; a dead worker fails its task only. */
function workerPool(n: number, init: WorkerInit): Runner {
  const entry = workerEntry();
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  let closing = false;

  const give = (slot: Slot, job: Job) => {
    slot.job = job;
    slot.worker?.postMessage(job.task);
  };
  const next = (slot: Slot) => {
    const job = waiting.shift();
    if (job) give(slot, job);
  };
  const start = (slot: Slot) => {
    const worker = new Worker(entry.filename, {
      eval: entry.eval,
      workerData: init,
      // Scanning needs little heap; a bound keeps a pathological input from taking the host's memory.
      resourceLimits: { maxOldGenerationSizeMb: 96 },
    });
    slot.worker = worker;
    worker.on('message', (result: TaskResult) => {
      const job = slot.job;
      slot.job = undefined;
      job?.resolve(result);
      next(slot);
    });
    const fail = (e: unknown) => {
      if (closing || slot.worker !== worker) return;
      worker.removeAllListeners();
      worker.on('error', () => undefined);
      void worker.terminate();
      const job = slot.job;
      slot.job = undefined;
      start(slot);
      job?.reject(e);
      next(slot);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      fail(new Error(`worker stopped (exit code ${code})`));
    });
  };

  return {
    run(task) {
      return new Promise<TaskResult>((resolve, reject) => {
        const job: Job = { task, resolve, reject };
        const idle = slots.find((s) => s.job === undefined);
        if (idle) give(idle, job);
        else if (slots.length < n) {
          const slot: Slot = { worker: undefined, job: undefined };
          start(slot);
          slots.push(slot);
          give(slot, job);
        } else waiting.push(job);
      });
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker?.terminate() ?? Promise.resolve(0)));
    },
    get threads() {
      return slots.length;
    },
  };
}

type FileState = {
  seq: number;
  display: string;
  parts: number;
  done: number;
  results: (TaskResult | undefined)[];
};

/** Whole-file task, or ranges for a big plain file (sniffed here to align UTF-16 ranges). */
function planFile(file: WalkFile, o: Resolved, nextId: () => number): { tasks: Task[]; skip?: Diagnostic } {
  const whole = (): Task[] => [{ kind: 'file', id: nextId(), path: file.path, display: file.path }];
  if (file.size <= o.chunkSize) return { tasks: whole() };
  let head: Uint8Array;
  try {
    const fd = openSync(file.path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const buf = new Uint8Array(SNIFF_BYTES);
      head = buf.subarray(0, readSync(fd, buf, 0, SNIFF_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return { tasks: whole() }; // the worker reports why it cannot be read
  }
  const s = sniff(head);
  if (s.gzip) return { tasks: whole() };
  if (s.encoding === 'binary' && o.binary === 'skip') {
    return {
      tasks: [],
      skip: {
        severity: 'info',
        code: 'pan-binary-skipped',
        message: 'binary file skipped (--binary skip)',
        file: file.path,
      },
    };
  }
  const step =
    s.encoding === 'text' || s.encoding === 'binary' ? o.chunkSize : o.chunkSize - (o.chunkSize % 2);
  const tasks: Task[] = [];
  for (let start = s.bom; start < file.size; start += step) {
    tasks.push({
      kind: 'range',
      id: nextId(),
      path: file.path,
      display: file.path,
      start,
      end: Math.min(file.size, start + step),
      encoding: s.encoding,
      bom: s.bom,
    });
  }
  return { tasks };
}

function masked(hit: { length: number; last4: string; first6?: string }): string {
  const head = hit.first6 ?? '';
  return `${head}${'*'.repeat(hit.length - head.length - 4)}${hit.last4}`;
}

/**
 * Scans files and directories for card numbers and track data. Never returns a full card number;
 * unreadable or odd input becomes diagnostics. Throws UserError only for invalid options.
 */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const t0 = performance.now();
  const o = resolveOptions(options);
  const key = options.fingerprintKey ?? randomKey();
  if (key.length < MIN_KEY_BYTES)
    throw new UserError(`the fingerprint key must have at least ${MIN_KEY_BYTES} bytes`);
  const init: WorkerInit = {
    match: { minConfidence: o.minConfidence, showFirst6: o.showFirst6, uatp: o.uatp },
    key,
    read: {
      binary: o.binary,
      maxGzipRatio: o.maxGzipRatio,
      maxGzipBytes: o.maxGzipBytes,
      maxHits: Math.max(o.maxFindings, 1),
    },
  };
  const stats: ScanStats = {
    files: 0,
    bytesRead: 0,
    bytesScanned: 0,
    gzipFiles: 0,
    utf16Files: 0,
    binaryFiles: 0,
    skippedFiles: 0,
    candidates: 0,
    belowThreshold: 0,
    findings: 0,
    distinctNumbers: 0,
    workers: 0,
    durationMs: 0,
  };
  const diagnostics: Diagnostic[] = [];
  let droppedDiagnostics = 0;
  const addDiagnostic = (d: Diagnostic) => {
    if (diagnostics.length < MAX_DIAGNOSTICS) diagnostics.push(d);
    else droppedDiagnostics++;
  };
  let kept: { seq: number; f: PanFinding }[] = [];
  const order = (a: { seq: number; f: PanFinding }, b: { seq: number; f: PanFinding }) =>
    a.seq - b.seq || a.f.byteOffset - b.f.byteOffset;
  const keep = (seq: number, f: PanFinding) => {
    kept.push({ seq, f });
    // Keep the first maxFindings in file order, whatever order the workers finish in.
    if (kept.length >= 2 * o.maxFindings + 1024) kept = kept.sort(order).slice(0, o.maxFindings);
  };

  const finalize = (file: FileState) => {
    let linesBefore = 0;
    let linesKnown = true;
    const first = file.results[0];
    if (file.results.some((r) => r !== undefined && !r.skipped)) stats.files++;
    else stats.skippedFiles++;
    if (first?.gzip) stats.gzipFiles++;
    if (first?.encoding === 'utf16le' || first?.encoding === 'utf16be') stats.utf16Files++;
    if (first?.encoding === 'binary' && !first.skipped) stats.binaryFiles++;
    for (const r of file.results) {
      if (r === undefined) {
        linesKnown = false; // a failed range: later line numbers cannot be computed
        continue;
      }
      stats.bytesRead += r.bytesRead;
      stats.bytesScanned += r.bytesScanned;
      stats.candidates += r.counters.candidates;
      stats.belowThreshold += r.counters.belowThreshold;
      stats.findings += r.hits.length + r.hitsDropped;
      for (const d of r.diagnostics) addDiagnostic(d);
      for (const h of r.hits) {
        const { offset, newlines, ...rest } = h;
        const utf16 = r.encoding === 'utf16le' || r.encoding === 'utf16be' ? r.encoding : undefined;
        keep(file.seq, {
          file: file.display,
          line: linesKnown ? 1 + linesBefore + newlines : 0,
          byteOffset: offset,
          compressed: r.gzip,
          ...(utf16 === undefined ? {} : { encoding: utf16 }),
          ...rest,
          masked: masked(rest),
        });
      }
      linesBefore += r.newlines;
    }
  };

  const runner = o.jobs === 0 ? inlineRunner(init) : workerPool(o.jobs, init);
  const inflight = new Set<Promise<void>>();
  const limit = Math.max(2, 2 * o.jobs);
  let ids = 0;
  let seq = 0;
  try {
    for await (const item of walkPaths(paths, {
      include: o.include,
      exclude: o.exclude,
      followSymlinks: o.followSymlinks,
    })) {
      if (item.kind === 'diagnostic') {
        addDiagnostic(item.diagnostic);
        continue;
      }
      const plan = planFile(item, o, () => ++ids);
      if (plan.skip) {
        addDiagnostic(plan.skip);
        stats.skippedFiles++;
        continue;
      }
      const file: FileState = {
        seq: seq++,
        display: item.path,
        parts: plan.tasks.length,
        done: 0,
        results: plan.tasks.map(() => undefined),
      };
      plan.tasks.forEach((task, index) => {
        const p: Promise<void> = runner
          .run(task)
          .then(
            (r) => {
              file.results[index] = r;
            },
            () => {
              addDiagnostic({
                severity: 'error',
                code: 'pan-scan-failed',
                message: `a scanning thread failed on bytes ${task.kind === 'range' ? `${task.start}-${task.end}` : 'of the file'}; that part is not scanned`,
                file: item.path,
              });
            },
          )
          .then(() => {
            file.done++;
            if (file.done === file.parts) finalize(file);
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
      });
      while (inflight.size >= limit) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  } finally {
    stats.workers = runner.threads;
    await runner.close();
  }
  if (droppedDiagnostics > 0) {
    diagnostics.push({
      severity: 'warning',
      code: 'pan-diagnostics-truncated',
      message: `${droppedDiagnostics} more diagnostics not listed`,
    });
  }
  const findings = kept
    .sort(order)
    .slice(0, o.maxFindings)
    .map((k) => k.f);
  if (stats.findings > findings.length) {
    diagnostics.push({
      severity: 'warning',
      code: 'pan-findings-truncated',
      message: `${stats.findings - findings.length} more findings not listed (--max-findings ${o.maxFindings})`,
    });
  }
  stats.distinctNumbers = new Set(findings.map((f) => f.fingerprint)).size;
  stats.durationMs = Math.round(performance.now() - t0);
  return { findings, diagnostics, stats };
}
