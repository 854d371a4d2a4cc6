/**
 * The cloud's one repeating timer: the scheduler looks for due jobs with it, and in-process
 * work that lives in a process's memory (re-checking the sessions of its open WebSockets)
 * repeats with it. A run never overlaps the previous one (the next is armed when it ends),
 * a failure is handed to `onError` and the repetition goes on, and `stop()` waits for the
 * run in progress. The timer does not keep the process alive.
 */
export interface Repetition {
  stop(): Promise<void>;
}

export function repeat(
  everyMs: number,
  task: () => Promise<unknown> | undefined,
  onError: (error: unknown) => void,
): Repetition {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;
  const arm = (): void => {
    timer = setTimeout(() => {
      running = Promise.resolve()
        .then(task)
        .then(
          () => undefined,
          (error: unknown) => onError(error),
        )
        .finally(() => {
          running = null;
          if (!stopped) arm();
        });
    }, everyMs);
    timer.unref();
  };
  arm();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
