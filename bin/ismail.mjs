#!/usr/bin/env node
// The `ismail` operator CLI (the root package's bin: `npx ismail --help`). The commands
// live in the cli workspace; this file only hands over argv and the process's streams.
import { runCli } from '@ismail/cli';

const status = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
});
process.exitCode = status;
