/**
 * The hub's one place for repeating work (issue 21): the print queue's poll, the live
 * channel's re-checks, the keep-alives of open event streams. Each task has a name (for the
 * logs) and a period; a run still going when the next is due is skipped, never overlapped; a
 * failing run is logged, never thrown (a timer callback that throws would take the hub down).
 *
 * `stop()` cancels every task and waits for the runs in flight before returning: the hub's
 * onClose closes SQLite after it, so no task ever touches a closed database.
 *
 * This file is the only one in hub/src that may call setInterval.
 */

/** What the scheduler needs of a logger (the app's pino logger in the hub). */
export interface SchedulerLog {
  warn(details: object, message: string): void;
}

export interface RepeatingTask {
  /** Unique while the task is scheduled, e.g. `print-queue.poll` or `printers.stream.keep-alive:<request id>`. */
  readonly name: string;
  readonly everyMs: number;
  readonly run: () => void | Promise<void>;
  /** Also run once now (a download the hub needs from the start), not only after the first period. */
  readonly runAtStart?: boolean;
}

/** Stops one task; a run of it already going still finishes (and `stop()` waits for it). */
export type CancelTask = () => void;

interface Scheduled {
  readonly timer: NodeJS.Timeout;
  running: Promise<void> | null;
}

/** Periods below this are a programming error: a task that spins the event loop. */
const everyMsMin = 10;

export class Scheduler {
  private readonly tasks = new Map<string, Scheduled>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly log: SchedulerLog) {}

  /**
   * Runs `task.run` every `task.everyMs` (first after one period, or now with `runAtStart`) until cancelled or stopped.
   */
  every(task: RepeatingTask): CancelTask {
    if (this.stopped) throw new Error(`scheduler stopped: cannot schedule ${task.name}`);
    if (this.tasks.has(task.name)) throw new Error(`a task named ${task.name} is already scheduled`);
    if (!Number.isInteger(task.everyMs) || task.everyMs < everyMsMin)
      throw new Error(`task ${task.name}: everyMs must be an integer ≥ ${String(everyMsMin)}`);
    const timer = setInterval(() => this.tick(task), task.everyMs);
    // A repeating task never keeps the process alive on its own: stopping is the app's decision.
    timer.unref();
    const scheduled: Scheduled = { timer, running: null };
    this.tasks.set(task.name, scheduled);
    if (task.runAtStart === true) this.tick(task);
    return () => {
      // Only this registration: a later task reusing the name is not cancelled by a stale handle.
      if (this.tasks.get(task.name) !== scheduled) return;
      clearInterval(timer);
      this.tasks.delete(task.name);
    };
  }

  /** Names of the tasks scheduled now (logs, tests). */
  names(): string[] {
    return [...this.tasks.keys()];
  }

  /** Cancels every task, then waits for the runs in flight. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const scheduled of this.tasks.values()) clearInterval(scheduled.timer);
    this.tasks.clear();
    await Promise.all([...this.inFlight]);
  }

  private tick(task: RepeatingTask): void {
    const scheduled = this.tasks.get(task.name);
    if (scheduled === undefined || scheduled.running !== null) return;
    const running = (async () => {
      try {
        await task.run();
      } catch (error) {
        this.log.warn({ err: error, task: task.name }, 'scheduled task failed');
      }
    })();
    scheduled.running = running;
    this.inFlight.add(running);
    void running.finally(() => {
      scheduled.running = null;
      this.inFlight.delete(running);
    });
  }
}
