import cliProgress from 'cli-progress';

export interface Progress {
  increment(by?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal, otherwise a line every few seconds, so long
 * commands show progress in a terminal and in CI logs alike (stdout stays clean for data).
 */
export function startProgress(label: string, total: number | null): Progress {
  let done = 0;
  if (process.stderr.isTTY && total !== null) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% {value}/{total} {eta_formatted} left`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { increment: (by = 1) => bar.increment(by), stop: () => bar.stop() };
  }
  let lastReport = Date.now();
  return {
    increment: (by = 1) => {
      done += by;
      if (Date.now() - lastReport >= 2_000) {
        lastReport = Date.now();
        process.stderr.write(`${label}: ${done}${total !== null ? `/${total}` : ''}\n`);
      }
    },
    stop: () => {
      if (done > 0) process.stderr.write(`${label}: ${done}${total !== null ? `/${total}` : ''} done\n`);
    },
  };
}
