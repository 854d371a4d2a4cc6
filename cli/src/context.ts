/**
 * What every CLI command gets: where the services are, how to print, and an HTTP helper
 * that turns failures into one readable line (never a stack trace).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliContext {
  readonly io: CliIo;
  readonly cloudUrl: string;
  readonly hubUrl: string;
  readonly timeoutMs: number;
  readonly operatorToken: string | undefined;
}

export class CliFailure extends Error {
  override name = 'CliFailure';
}

/** The operator token: flag, then environment, then the cloud's data folder on this machine. */
export function findOperatorToken(flag: string | undefined, env: CliIo['env']): string | undefined {
  if (flag !== undefined) return flag;
  if (env.ISMAIL_OPERATOR_TOKEN !== undefined) return env.ISMAIL_OPERATOR_TOKEN;
  const file = path.resolve(env.ISMAIL_DATA_DIR ?? '.data', 'cloud', 'operator-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'nothing is listening there (is `npm start` running?)';
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return (error as Error).message;
}

export async function callApi(
  context: CliContext,
  base: string,
  method: 'GET' | 'POST',
  route: string,
  options: { body?: unknown; operator?: boolean } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.operator === true) {
    if (context.operatorToken === undefined)
      throw new CliFailure(
        'this command needs the operator token: run it on the cloud machine, or set ISMAIL_OPERATOR_TOKEN',
      );
    headers.authorization = `Bearer ${context.operatorToken}`;
  }
  let response: Response;
  try {
    response = await fetch(`${base}${route}`, {
      method,
      headers,
      signal: AbortSignal.timeout(context.timeoutMs),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    throw new CliFailure(`${base} — ${describeFailure(error)}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  return { status: response.status, body };
}

/** Calls and insists on 2xx; an API error prints its code and message. */
export async function callOk(
  context: CliContext,
  method: 'GET' | 'POST',
  route: string,
  options: { body?: unknown; operator?: boolean } = {},
): Promise<unknown> {
  const { status, body } = await callApi(context, context.cloudUrl, method, route, options);
  if (status >= 200 && status < 300) return body;
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new CliFailure(
    error === undefined ? `HTTP ${String(status)}` : `${error.code ?? 'ERROR'}: ${error.message ?? ''}`,
  );
}

/** An operator GET that answers bytes (exports); an API error prints its code and message. */
export async function callBytes(context: CliContext, route: string): Promise<Buffer> {
  if (context.operatorToken === undefined)
    throw new CliFailure(
      'this command needs the operator token: run it on the cloud machine, or set ISMAIL_OPERATOR_TOKEN',
    );
  let response: Response;
  try {
    response = await fetch(`${context.cloudUrl}${route}`, {
      headers: { authorization: `Bearer ${context.operatorToken}` },
      signal: AbortSignal.timeout(Math.max(context.timeoutMs, 30_000)),
    });
  } catch (error) {
    throw new CliFailure(`${context.cloudUrl} — ${describeFailure(error)}`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.ok) {
    const body = (() => {
      try {
        return JSON.parse(bytes.toString('utf8')) as { error?: { code?: string; message?: string } };
      } catch {
        return {};
      }
    })();
    throw new CliFailure(
      `HTTP ${String(response.status)} ${body.error?.code ?? ''}: ${body.error?.message ?? ''}`.trim(),
    );
  }
  return bytes;
}
