#!/usr/bin/env node
// The command line: arguments in, exit code out. The only module that prints.
import { Command, CommanderError, Option } from 'commander';
import { UserError } from '../errors.js';
import { redact } from '../report/redact.js';
import { TOOL_VERSION } from '../version.js';
import { FAIL_ON, FORMATS, runScan, useColor, type Format } from './scan-command.js';
import { registerFindPan } from './find-pan-command.js';
import type { Severity } from '../checks/kit.js';

const EXIT_USAGE = 2;
const EXIT_BUG = 3;

function program(): Command {
  const cmd = new Command('cdeguard')
    .description(
      "PCI DSS v4.0.1 audit of a Shopify merchant's own infrastructure on DigitalOcean: cloud firewalls, VPCs, hosts.",
    )
    .version(TOOL_VERSION, '-V, --version')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(redact(s)),
      writeOut: (s) => process.stdout.write(s),
    });

  cmd
    .command('scan')
    .description(
      'Scan an environment bundle (see docs/bundle.md) and report findings and PCI DSS requirement statuses.',
    )
    .argument('<bundle>', 'bundle folder, e.g. examples/acme-shop')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('terminal'))
    .option('-o, --output <file>', 'write the report to FILE instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an in-scope finding of this severity or above fails')
        .choices(FAIL_ON)
        .default('low'),
    )
    .option('--no-color', 'no colours in terminal output (also: NO_COLOR=1)')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing at or above --fail-on failed, 1 something did, 2 usage or configuration error, 3 internal error.',
    )
    .action(
      async (
        bundle: string,
        o: { format: Format; output?: string; failOn: Severity | 'none'; color: boolean },
      ) => {
        const { text, exitCode } = await runScan(
          bundle,
          {
            format: o.format,
            failOn: o.failOn,
            color: o.color && useColor(process.stdout, process.env),
            ...(o.output === undefined ? {} : { output: o.output }),
          },
          new Date(),
        );
        if (o.output === undefined) process.stdout.write(text);
        else process.stderr.write(`cdeguard: report written to ${o.output}\n`);
        process.exitCode = exitCode;
      },
    );
  registerFindPan(cmd);
  return cmd;
}

/** A reader that stopped reading (`| head`) is not an error: stop quietly, keeping the exit code. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // Output that cannot be written (a full disk, /dev/full) is an environment problem, not a finding.
    if (stream !== process.stderr)
      process.stderr.write(`cdeguard: cannot write output: ${e.code ?? e.message}\n`);
    process.exit(EXIT_USAGE);
  });
}

async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  try {
    const cmd = program();
    if (argv.length <= 2) {
      cmd.outputHelp({ error: true });
      process.exitCode = EXIT_USAGE;
      return;
    }
    await cmd.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed what they had to.
      process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (e instanceof UserError) {
      process.stderr.write(`cdeguard: ${redact(e.message)}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      `cdeguard: internal error: ${redact(message)}\nThis is a bug in cdeguard, not in your environment. Please report it with the command you ran.\n`,
    );
    if (process.env['CDEGUARD_DEBUG'] === '1' && e instanceof Error && e.stack)
      process.stderr.write(`${redact(e.stack)}\n`);
    process.exitCode = EXIT_BUG;
  }
}

await main(process.argv);
