// Runs named shell steps one after another with their time, stopping at the first failure.
import { spawnSync } from 'node:child_process';

export function runSteps(root, steps) {
  for (const step of steps) {
    const startedAt = Date.now();
    process.stdout.write(`\n== ${step.name}\n`);
    const result = spawnSync(step.command[0], step.command.slice(1), {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...step.env },
    });
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    if (result.status !== 0) {
      process.stderr.write(`== ${step.name}: FAILED after ${seconds} s\n`);
      return false;
    }
    process.stdout.write(`== ${step.name}: ok in ${seconds} s\n`);
  }
  return true;
}
