import type { LogLevel } from "./config";

export type LogRecord = Record<string, string | number | boolean | undefined | string[]>;
/** Receives one already-structured record; the default writes one JSON line to stdout. */
export type LogSink = (record: LogRecord) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export const stdoutSink: LogSink = (record) => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};

export interface Logger {
  log(level: Exclude<LogLevel, "silent">, record: LogRecord): void;
}

export function createLogger(level: LogLevel, sink: LogSink = stdoutSink): Logger {
  const min = ORDER[level];
  return {
    log(lvl, record) {
      if (ORDER[lvl] < min) return;
      sink({ level: lvl, time: new Date().toISOString(), ...record });
    },
  };
}
