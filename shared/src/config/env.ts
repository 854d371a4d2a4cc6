/**
 * Environment parsing shared by every process (cloud, hub, simulators).
 *
 * Owns: turning a raw `process.env`-like record into a typed config, collecting one
 * clear, single-line message per bad variable. Must never read `process.env` itself
 * (that is I/O the caller does) nor throw for a user's bad value: bad configuration is
 * an operating error, returned as data so start-up can print it and exit.
 */

export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** A parser turns the raw text of one variable into a value, or explains what is wrong. */
export type EnvParser<T> = (raw: string) => { ok: true; value: T } | { ok: false; expected: string };

export interface EnvVariable<T> {
  readonly parse: EnvParser<T>;
  /** Used when the variable is unset or empty; omit to make the variable required. */
  readonly fallback?: T;
  readonly description: string;
  /** A secret's value is never echoed in an error message. */
  readonly secret?: boolean;
}

export type EnvSpec = Readonly<Record<string, EnvVariable<unknown>>>;

export type EnvValues<S extends EnvSpec> = {
  -readonly [K in keyof S]: S[K] extends EnvVariable<infer T> ? T : never;
};

export interface EnvProblem {
  readonly variable: string;
  /** One line, names the variable, never includes a stack trace. */
  readonly message: string;
}

export type EnvResult<S extends EnvSpec> =
  { ok: true; values: EnvValues<S> } | { ok: false; problems: readonly EnvProblem[] };

/** Longest raw value echoed back in a message: a pasted secret must not fill the log. */
const echoMaxChars = 40;

function echo(raw: string): string {
  const visible = raw.length > echoMaxChars ? `${raw.slice(0, echoMaxChars)}…` : raw;
  return JSON.stringify(visible);
}

export function parseEnv<S extends EnvSpec>(spec: S, env: EnvRecord): EnvResult<S> {
  const values: Record<string, unknown> = {};
  const problems: EnvProblem[] = [];
  for (const [variable, definition] of Object.entries(spec)) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') {
      if ('fallback' in definition) {
        values[variable] = definition.fallback;
      } else {
        problems.push({ variable, message: `${variable} is required: ${definition.description}` });
      }
      continue;
    }
    const parsed = definition.parse(raw.trim());
    if (parsed.ok) {
      values[variable] = parsed.value;
    } else {
      problems.push({
        variable,
        message: `${variable} must be ${parsed.expected} (got ${definition.secret === true ? 'a value that is not shown' : echo(raw)})`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, values: values as EnvValues<S> };
}

/** A TCP port; 0 lets the OS choose (tests use it). */
export const portParser: EnvParser<number> = (raw) => {
  if (!/^\d{1,5}$/.test(raw)) return { ok: false, expected: 'a port number from 0 to 65535' };
  const value = Number(raw);
  return value <= 65535 ? { ok: true, value } : { ok: false, expected: 'a port number from 0 to 65535' };
};

export function integerParser(min: number, max: number): EnvParser<number> {
  const expected = `an integer from ${String(min)} to ${String(max)}`;
  return (raw) => {
    if (!/^-?\d+$/.test(raw)) return { ok: false, expected };
    const value = Number(raw);
    return value >= min && value <= max ? { ok: true, value } : { ok: false, expected };
  };
}

export function oneOfParser<const T extends string>(choices: readonly T[]): EnvParser<T> {
  return (raw) =>
    (choices as readonly string[]).includes(raw)
      ? { ok: true, value: raw as T }
      : { ok: false, expected: `one of ${choices.join(', ')}` };
}

export const booleanParser: EnvParser<boolean> = (raw) => {
  const lowered = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lowered)) return { ok: true, value: true };
  if (['0', 'false', 'no', 'off'].includes(lowered)) return { ok: true, value: false };
  return { ok: false, expected: 'true or false' };
};

/** A host name or IP literal to bind or connect to; no scheme, no port, no spaces. */
export const hostParser: EnvParser<string> = (raw) =>
  /^[A-Za-z0-9.\-:[\]]{1,253}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected: 'a host name or IP address such as 127.0.0.1' };

export function urlParser(protocols: readonly string[]): EnvParser<string> {
  const expected = `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`;
  return (raw) => {
    // A shape check only (scheme, no spaces, something after //); the client library
    // that uses the URL parses it fully. `URL` is not part of the pure kernel's globals.
    const match = /^([a-z][a-z0-9+.-]*:)\/\/\S+$/i.exec(raw);
    const protocol = match?.[1]?.toLowerCase();
    return protocol !== undefined && protocols.includes(protocol) ? { ok: true, value: raw } : { ok: false, expected };
  };
}

export const pathParser: EnvParser<string> = (raw) =>
  raw.includes('\0') ? { ok: false, expected: 'a file system path' } : { ok: true, value: raw };

/** An API key or signing secret: 8 to 500 printable ASCII characters, no spaces. */
export const secretParser: EnvParser<string> = (raw) =>
  /^[\x21-\x7e]{8,500}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected: '8 to 500 printable characters without spaces' };

export const logLevelParser = oneOfParser(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const);
