// Reads one task's bytes (a whole file, a range of a big file, or a .gz stream) into a window scanner.
// Runs in a worker (or the caller's thread with jobs 0). Never throws: what goes wrong with a file
// becomes a diagnostic, and hits found before the problem are kept.
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Diagnostic } from '../model/diagnostic.js';
import { SNIFF_BYTES, narrowUtf16, sniff, type Encoding } from './encoding.js';
import { OVERLAP, type Matcher } from './matcher.js';
import type { FileTask, RangeTask, ReadSettings, Task, TaskResult } from './types.js';
import { createWindowScanner, type LocatedHit, type WindowScanner } from './window.js';

/** Bytes handed to the matcher at a time: small enough to stay in the CPU cache. */
const WINDOW_BYTES = 256 * 1024 + 4 * OVERLAP;
const GZIP_INPUT_BYTES = 1024 * 1024;
const GZIP_OUTPUT_BYTES = 256 * 1024;
/** The ratio limit only applies once this much has been inflated (small files compress oddly). */
const GZIP_RATIO_FLOOR = 64 * 1024 * 1024;

type Collect = {
  result: TaskResult;
  maxHits: number;
  /** Maps a data offset (narrowed for UTF-16) to a byte offset. */
  toByte: (dataOffset: number) => number;
};

function newResult(task: Task): TaskResult {
  return {
    id: task.id,
    hits: [],
    hitsDropped: 0,
    newlines: 0,
    bytesRead: 0,
    bytesScanned: 0,
    gzip: false,
    skipped: false,
    diagnostics: [],
    counters: { candidates: 0, belowThreshold: 0 },
  };
}

function collector(c: Collect) {
  return (hit: LocatedHit) => {
    if (c.result.hits.length >= c.maxHits) {
      c.result.hitsDropped++;
      return;
    }
    c.result.hits.push({ ...hit, offset: c.toByte(hit.offset) });
  };
}

function diag(task: Task, severity: Diagnostic['severity'], code: string, message: string): Diagnostic {
  return { severity, code, message, file: task.display };
}

function errorCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

export async function runTask(task: Task, m: Matcher, settings: ReadSettings): Promise<TaskResult> {
  const result = newResult(task);
  m.counters.candidates = 0;
  m.counters.belowThreshold = 0;
  try {
    if (task.kind === 'range') scanRangeTask(task, m, settings, result);
    else await scanFileTask(task, m, settings, result);
  } catch (e) {
    result.diagnostics.push(
      diag(
        task,
        'error',
        'pan-read-failed',
        `reading stopped (${errorCode(e)}); findings up to there are kept`,
      ),
    );
  }
  result.counters = { ...m.counters };
  return result;
}

/** Opens without blocking on a FIFO and insists on a regular file (the walker checked, but files change). */
function openRegular(task: Task, result: TaskResult): { fd: number; size: number } | undefined {
  let fd: number;
  try {
    fd = openSync(task.path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    result.skipped = true;
    result.diagnostics.push(
      diag(task, 'warning', 'pan-unreadable', `cannot open (${errorCode(e)}); not scanned`),
    );
    return undefined;
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    result.skipped = true;
    result.diagnostics.push(diag(task, 'warning', 'pan-special-file', 'not a regular file; not scanned'));
    return undefined;
  }
  return { fd, size: st.size };
}

function readFully(fd: number, into: Uint8Array, position: number): number {
  let got = 0;
  while (got < into.length) {
    const n = readSync(fd, into, got, into.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

async function scanFileTask(task: FileTask, m: Matcher, s: ReadSettings, result: TaskResult) {
  const opened = openRegular(task, result);
  if (!opened) return;
  const { fd } = opened;
  let owned = true;
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    const n = readFully(fd, head, 0);
    const sniffed = sniff(head.subarray(0, n));
    if (sniffed.gzip) {
      result.gzip = true;
      owned = false; // the read stream closes it
      await scanGzip(task, fd, m, s, result);
      return;
    }
    result.encoding = sniffed.encoding;
    if (sniffed.encoding === 'binary' && s.binary === 'skip') {
      result.skipped = true;
      result.diagnostics.push(
        diag(task, 'info', 'pan-binary-skipped', 'binary file skipped (--binary skip)'),
      );
      return;
    }
    scanBytes(task, fd, m, s, result, sniffed.encoding, sniffed.bom, sniffed.bom, Number.POSITIVE_INFINITY);
  } finally {
    if (owned) closeSync(fd);
  }
}

function scanRangeTask(task: RangeTask, m: Matcher, s: ReadSettings, result: TaskResult) {
  const opened = openRegular(task, result);
  if (!opened) return;
  result.encoding = task.encoding;
  try {
    scanBytes(task, opened.fd, m, s, result, task.encoding, task.bom, task.start, task.end);
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * Scans file bytes [start, end) with OVERLAP bytes (characters, for UTF-16) of context read on each
 * side. `end` may be infinite: read to the end of the file.
 */
function scanBytes(
  task: Task,
  fd: number,
  m: Matcher,
  s: ReadSettings,
  result: TaskResult,
  encoding: Encoding,
  bom: number,
  start: number,
  end: number,
) {
  const unit = encoding === 'utf16le' || encoding === 'utf16be' ? 2 : 1;
  const toData = (byte: number) => (byte - bom) / unit;
  const readFrom = Math.max(bom, start - OVERLAP * unit);
  const readTo = end === Number.POSITIVE_INFINITY ? end : end + (OVERLAP + 64) * unit;
  const w = createWindowScanner({
    matcher: m,
    capacity: WINDOW_BYTES,
    base: toData(readFrom),
    baseIsStart: readFrom === bom,
    ownFrom: toData(start),
    ownTo: end === Number.POSITIVE_INFINITY ? end : toData(end),
    onHit: collector({ result, maxHits: s.maxHits, toByte: (d) => bom + d * unit }),
  });
  const raw = unit === 2 ? new Uint8Array(WINDOW_BYTES * 2) : undefined;
  let pos = readFrom;
  let eof = false;
  try {
    while (pos < readTo && !w.done()) {
      const space = w.space();
      const want = Math.min(space.length * unit, readTo - pos);
      let got: number;
      if (raw === undefined) {
        got = readFully(fd, space.subarray(0, want), pos);
        w.commit(got);
      } else {
        const even = want - (want % 2);
        got = readFully(fd, raw.subarray(0, even), pos);
        w.commit(narrowUtf16(raw, 0, got - (got % 2), encoding === 'utf16le', space, 0));
      }
      result.bytesRead += got;
      pos += got;
      if (got < want) {
        eof = true;
        break;
      }
    }
    if (pos >= readTo && end === Number.POSITIVE_INFINITY) eof = true;
  } finally {
    // Whatever happened, judge the bytes already read: nothing found is lost.
    w.finish(eof);
    raw?.fill(0);
  }
  // Only the owned bytes, so ranges of one file add up to its size.
  result.bytesScanned += Math.max(0, Math.min(pos, end) - start) / unit;
  result.newlines = w.newlines();
  if (eof && end !== Number.POSITIVE_INFINITY && pos < end) {
    result.diagnostics.push(
      diag(task, 'info', 'pan-file-shrank', 'file is shorter than when listed; scanned what is there'),
    );
  }
}

async function scanGzip(task: FileTask, fd: number, m: Matcher, s: ReadSettings, result: TaskResult) {
  const input = createReadStream(task.path, { fd, start: 0, highWaterMark: GZIP_INPUT_BYTES });
  const closed = new Promise<void>((resolve) =>
    input.once('close', () => {
      resolve();
    }),
  );
  const gunzip = createGunzip({ chunkSize: GZIP_OUTPUT_BYTES });
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  let w: WindowScanner | undefined;
  let encoding: Encoding | undefined;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let carry: number | undefined; // odd byte of a UTF-16 code unit split between chunks
  let inflated = 0;
  let stoppedEarly = false;
  const start = (first: Uint8Array) => {
    const sniffed = sniff(first.subarray(0, SNIFF_BYTES));
    encoding = sniffed.encoding;
    result.encoding = encoding;
    const unit = encoding === 'utf16le' || encoding === 'utf16be' ? 2 : 1;
    const bom = sniffed.bom;
    w = createWindowScanner({
      matcher: m,
      capacity: WINDOW_BYTES,
      base: 0,
      baseIsStart: true,
      ownFrom: 0,
      ownTo: Number.POSITIVE_INFINITY,
      onHit: collector({ result, maxHits: s.maxHits, toByte: (d) => bom + d * unit }),
    });
    feed(first.subarray(bom));
  };
  const narrowBuf = new Uint8Array(GZIP_OUTPUT_BYTES + 2);
  const feed = (chunk: Uint8Array) => {
    if (!w) return;
    if (encoding !== 'utf16le' && encoding !== 'utf16be') {
      w.push(chunk);
      return;
    }
    let bytes = chunk;
    if (carry !== undefined) {
      const joined = new Uint8Array(chunk.length + 1);
      joined[0] = carry;
      joined.set(chunk, 1);
      bytes = joined;
      carry = undefined;
    }
    const even = bytes.length - (bytes.length % 2);
    if (even < bytes.length) carry = bytes[even];
    for (let off = 0; off < even; off += GZIP_OUTPUT_BYTES) {
      const to = Math.min(even, off + GZIP_OUTPUT_BYTES);
      const n = narrowUtf16(bytes, off, to, encoding === 'utf16le', narrowBuf, 0);
      w.push(narrowBuf.subarray(0, n));
    }
  };
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (w === undefined) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= SNIFF_BYTES) {
          start(Buffer.concat(head));
          head = [];
        }
      } else {
        feed(chunk);
      }
      if (inflated > s.maxGzipBytes) {
        result.diagnostics.push(
          diag(
            task,
            'warning',
            'pan-gzip-limit',
            `stopped after ${s.maxGzipBytes} inflated bytes (--max-gzip-bytes)`,
          ),
        );
        stoppedEarly = true;
        break;
      }
      const consumed = gunzip.bytesWritten;
      if (inflated > GZIP_RATIO_FLOOR && consumed > 0 && inflated / consumed > s.maxGzipRatio) {
        result.diagnostics.push(
          diag(
            task,
            'warning',
            'pan-gzip-bomb',
            `stopped: expands more than ${s.maxGzipRatio}:1 (--max-gzip-ratio); scanned ${inflated} inflated bytes`,
          ),
        );
        stoppedEarly = true;
        break;
      }
    }
  } catch (e) {
    const code = errorCode(e);
    const truncated = code === 'Z_BUF_ERROR';
    result.diagnostics.push(
      diag(
        task,
        'warning',
        truncated ? 'pan-gzip-truncated' : 'pan-gzip-corrupt',
        truncated
          ? `compressed data ends early (truncated file?); scanned the ${inflated} bytes that inflated`
          : `compressed data is damaged (${code}); scanned the ${inflated} bytes before the damage`,
      ),
    );
    stoppedEarly = true;
  } finally {
    if (w === undefined && headBytes > 0) start(Buffer.concat(head));
    w?.finish(!stoppedEarly);
    result.newlines = w?.newlines() ?? 0;
    result.bytesRead = input.bytesRead;
    result.bytesScanned = w?.position() ?? 0;
    input.unpipe(gunzip);
    input.destroy();
    gunzip.destroy();
    // No read may still be in flight on the descriptor when the task returns.
    await closed;
  }
}
