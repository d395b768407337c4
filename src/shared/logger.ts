import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs to stderr (stdout belongs to command output); secrets redacted once, here. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'newsflow', pid: process.pid, ...bindings },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['headers.cookie', 'headers.authorization', 'req.headers.cookie', 'req.headers.authorization'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
