import type { Logger } from 'pino';

/** What a command's log says when a signal asks it to stop, and when a second one cuts it short. */
export interface SignalMessages {
  /** The first SIGINT/SIGTERM: `stop()` is called, the command finishes what is in hand and exits 0. */
  readonly stopping: string;
  /** A second one: exit 130 at once; say what that leaves behind. */
  readonly secondSignal: string;
}

/**
 * SIGINT and SIGTERM for a long-running command (`run`, `repartition`): the first calls `stop`, a
 * second exits at once with 130. Returns the function that removes the handlers.
 */
export function stopOnSignals(log: Logger, stop: () => void, messages: SignalMessages): () => void {
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (++signals > 1) {
      log.warn({ signal }, messages.secondSignal);
      process.exit(130);
    }
    log.info({ signal }, messages.stopping);
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
