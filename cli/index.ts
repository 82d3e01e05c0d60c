/** Shared command-line plumbing: strict flags, clear errors, documented exit codes. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError } from "../config/load";
import { EXIT_INTERRUPTED, installInterruptHandlers, interrupted } from "./interrupt";

/** Exit codes of every command (README, "Exit codes"). */
export const EXIT = { ok: 0, error: 1, drift: 2, usage: 64, interrupted: 130 } as const;

export class UsageError extends Error {}

export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage}`);
  }
}

/**
 * parseFlags plus what every command checks the same way: `--help` prints the usage (returns
 * undefined), a stray positional argument and an empty `--out` are usage errors.
 */
export function parseCommandFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, usage: string, out: (line: string) => void = console.log) {
  const { values, positionals } = parseFlags(argv, { ...options, help: { type: "boolean", short: "h" } }, usage);
  const v = values as Record<string, unknown>;
  if (v.help) {
    out(usage);
    return undefined;
  }
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\n\n${usage}`);
  if (v.out === "") throw new UsageError(`--out needs a directory\n\n${usage}`);
  return values;
}

/** Splits `--env a,b --env c` into names. */
export function list(values: string | string[] | undefined): string[] {
  return ([] as string[]).concat(values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

/** Runs a command's main, mapping errors to messages and exit codes. */
export function run(main: () => Promise<number | void>): void {
  installInterruptHandlers();
  main().then(
    (code) => process.exit(interrupted() ? EXIT_INTERRUPTED : (code ?? EXIT.ok)),
    (e: unknown) => {
      if (interrupted()) {
        console.error(`interrupted: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
        process.exit(EXIT_INTERRUPTED);
      }
      if (e instanceof UsageError) {
        console.error(`usage error: ${e.message}`);
        process.exit(EXIT.usage);
      }
      if (e instanceof ConfigError) {
        console.error(`configuration error — nothing was written.\n${e.message}`);
        process.exit(EXIT.error);
      }
      console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
      if (process.env.AOA_DEBUG && e instanceof Error) console.error(e.stack);
      process.exit(EXIT.error);
    },
  );
}

/** A plain text table. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (typeof rows[0]?.[i] === "number" ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
