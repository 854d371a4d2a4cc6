// CPU time spent by this process and by the local PostgreSQL server (its postmaster, the
// backends it has reaped, and the live ones), so a bench can print CPU per item: unlike a
// rate, it barely moves when the machine is busy with other work, which makes runs on a
// loaded machine comparable. The server must run on this machine and its data directory be
// readable (the throwaway server the benches start is); otherwise only this process's time is known.
import { readFileSync, readdirSync } from 'node:fs';

const msPerTick = 10; // USER_HZ is 100 on Linux

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

/** The server's postmaster pid, or undefined when it is not on this machine. */
export async function postmasterPid(pool) {
  try {
    const dir = (await pool.query('SHOW data_directory')).rows[0].data_directory;
    const pid = Number(readFileSync(`${dir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return stat(pid) === undefined ? undefined : pid;
  } catch {
    return undefined;
  }
}

function serverMs(pid) {
  const main = stat(pid);
  if (main === undefined) return undefined;
  let ticks = main.own + main.reaped;
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const child = stat(entry);
    if (child?.ppid === pid) ticks += child.own;
  }
  return ticks * msPerTick;
}

/** Starts a measure; `perItem(n)` then says the CPU microseconds per item of both sides since. */
export function cpuMeter(pid) {
  const node0 = process.cpuUsage();
  const pg0 = pid === undefined ? undefined : serverMs(pid);
  return {
    perItem(n) {
      const node1 = process.cpuUsage();
      const nodeUs = (node1.user + node1.system - node0.user - node0.system) / n;
      const pg1 = pid === undefined ? undefined : serverMs(pid);
      const pgUs = pg0 === undefined || pg1 === undefined ? undefined : ((pg1 - pg0) * 1000) / n;
      return { nodeUs, pgUs, totalUs: pgUs === undefined ? undefined : nodeUs + pgUs };
    },
  };
}

/** "CPU/transfer 12 µs (PostgreSQL 8 + Node 4)" */
export function formatCpu(c, unit) {
  if (c.pgUs === undefined) return `CPU/${unit}: Node ${c.nodeUs.toFixed(0)} µs (server not local)`;
  return `CPU/${unit} ${c.totalUs.toFixed(0)} µs (PostgreSQL ${c.pgUs.toFixed(0)} + Node ${c.nodeUs.toFixed(0)})`;
}
