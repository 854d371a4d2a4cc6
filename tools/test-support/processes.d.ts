/**
 * Helpers for tests that run the real built processes (cloud, hub, simulators) as children.
 */
import { type ChildProcess } from 'node:child_process';
export declare const repoRoot: string;
/** The built entry point of a package; `npm test` builds before running suites. */
export declare function builtEntry(pkg: 'cloud' | 'hub' | 'firmware-sim'): string;
export interface Finished {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
}
/** Runs a process to its end (bounded by timeoutMs) and returns what it printed. */
export declare function runToEnd(file: string, env: Record<string, string>, timeoutMs?: number, args?: readonly string[]): Promise<Finished>;
export declare function startProcess(file: string, env: Record<string, string>): ChildProcess;
/** A port free right now on loopback (the OS picks it). */
export declare function freePort(): Promise<number>;
export declare function waitForHttp(url: string, timeoutMs: number): Promise<Response>;
/** Resolves once the process has exited (at once if it already has). */
export declare function exited(child: ChildProcess): Promise<void>;
/**
 * Reads until `done` holds or the time is up, and returns the last value read (the caller's
 * assertion then says what was wrong). A read that throws (a process restarting) counts as not done.
 */
export declare function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs?: number, everyMs?: number): Promise<T>;
//# sourceMappingURL=processes.d.ts.map