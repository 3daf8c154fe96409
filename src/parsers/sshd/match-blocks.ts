// What each Match block sets (SshdMatchBlock.settings): for every block, sshd's Match pass re-run with
// only that block matching (and, for a block in a conditionally included file, the block whose Include
// brought the file in), merged over the global options as copy_set_server_options() does, keeping the
// `sshd -T -C` lines that came from the block. That is exactly what a connection matching only this
// block gets, so an earlier block that sets the same keyword never hides a later one's value.
// Each block costs one pass over the configuration, so the total runs under a work limit: past it the
// configuration is reported as too large to evaluate, never answered wrongly or slowly.
import {
  cloneOptions,
  copySet,
  dumpConfig,
  initOptions,
  newParseRun,
  parseServerConfig,
  type DumpLine,
  type Options,
  type ParseRun,
} from './servconf.js';

type BlockInfo = ParseRun['blocks'][number];

export type MatchBlockInput = {
  /** Shared with the first pass (its include cache is complete, so no pass globs again). */
  base: Pick<ParseRun, 'tree' | 'db' | 'includes'>;
  mainPath: string;
  /** The main file as load_server_config() returns it. */
  contents: string;
  /** The global options: first pass, defaults filled in, before any Match block was applied. */
  global: Options;
  /** The first pass's Match lines, in order. */
  blocks: readonly BlockInfo[];
  /** How many lines the first pass read (all files): the cost of one more pass. */
  lines: number;
};

/** Line evaluations the per-block reference may spend on one configuration (about a second or two). */
export const MATCH_WORK_LIMIT = 2_000_000;

/** The per-block evaluation would exceed the work limit; names the Match block where it would. */
export class SshdTooLargeError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'SshdTooLargeError';
  }
}

/**
 * The `sshd -T -C` lines each block sets (same order as `blocks`; ungrouped). `reference: true` runs the
 * per-block definition for every block, without a limit (tests compare the two).
 */
export function evaluateMatchBlocks(
  input: MatchBlockInput,
  options: { reference?: boolean; workLimit?: number } = {},
): DumpLine[][] {
  const firstByKey = new Map<string, BlockInfo>();
  for (const b of input.blocks) if (!firstByKey.has(b.key)) firstByKey.set(b.key, b);
  const out: DumpLine[][] = new Array<DumpLine[]>(input.blocks.length);
  const todo = input.blocks.map((_b, i) => i);
  if (!options.reference && todo.length > 0) {
    const limit = options.workLimit ?? MATCH_WORK_LIMIT;
    const cost = Math.max(1, input.lines);
    if (todo.length * cost > limit) {
      const at = input.blocks[
        todo[Math.min(todo.length - 1, Math.floor(limit / cost))] as number
      ] as BlockInfo;
      throw new SshdTooLargeError(
        `configuration too large to evaluate: the Match block at ${at.file} line ${at.line} needs its own ` +
          `pass over all ${input.lines} configuration lines, and ${todo.length} Match blocks ` +
          `exceed the limit of ${limit} line evaluations`,
        at.file,
        at.line,
      );
    }
  }
  for (const i of todo) out[i] = referenceBlock(input, firstByKey, input.blocks[i] as BlockInfo);
  return out;
}

/** The definition: the Match pass with only the block's chain matching, merged over the global options. */
function referenceBlock(
  input: MatchBlockInput,
  firstByKey: ReadonlyMap<string, BlockInfo>,
  b: BlockInfo,
): DumpLine[] {
  const chain = new Set<string>();
  for (let k: string | null = b.key; k !== null; k = firstByKey.get(k)?.within ?? null) {
    if (chain.has(k)) break;
    chain.add(k);
  }
  try {
    const run = newParseRun(input.base, null, chain);
    const mo = initOptions();
    parseServerConfig(run, mo, input.mainPath, input.contents);
    const merged = cloneOptions(input.global);
    copySet(run, merged, mo);
    return dumpConfig(merged).filter((l) => l.at?.block === b.key);
  } catch {
    return [];
  }
}
