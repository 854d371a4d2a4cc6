/**
 * Route schemas compiled on a route's first use instead of at start: Fastify's own compilers
 * (ajv for requests, fast-json-stringify for responses), each call deferred until a request
 * needs it. Compiling the cloud's few hundred routes took about 2.5 s of every app start,
 * which the in-process test suites paid once per suite while touching a handful of routes.
 * Production keeps compiling at start (a schema error stops the boot, not a request):
 * `CloudAppOptions.schemaCompilation` chooses.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type Compiled = ((...args: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Compiler = (route: unknown) => Compiled;
type CompilerFactory = (...factoryArgs: unknown[]) => Compiler;

/** A validator that compiles on first use; Fastify reads `schemaEnv` and `errors` off it like ajv's own. */
function lazyValidator(compile: () => Compiled): Compiled {
  let compiled: Compiled | undefined;
  const get = (): Compiled => (compiled ??= compile());
  const validate = ((...args: unknown[]) => get()(...args)) as Compiled;
  Object.defineProperty(validate, 'schemaEnv', { get: () => get().schemaEnv });
  Object.defineProperty(validate, 'errors', { get: () => get().errors });
  return validate;
}

/**
 * Fastify lower-cases a header schema's property names itself only for its default compiler; a
 * custom one (this) gets the schema as written. Ours are all lower-case, so both read the same:
 * a route that breaks that is refused here, at registration, rather than validated differently.
 */
function refuseUpperCaseHeaders(route: unknown): void {
  const { httpPart, schema, method, url } = route as {
    httpPart?: string;
    schema?: unknown;
    method?: string;
    url?: string;
  };
  if (httpPart !== 'headers' || typeof schema !== 'object' || schema === null) return;
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  const upper = Object.keys(properties).find((name) => name !== name.toLowerCase());
  if (upper !== undefined)
    throw new Error(`${method ?? ''} ${url ?? ''}: header schema property ${upper} must be lower-case`);
}

function lazyFactory(build: CompilerFactory, wrap: (compile: () => Compiled) => Compiled): CompilerFactory {
  return (...factoryArgs) => {
    const compiler = build(...factoryArgs);
    return (route) => {
      refuseUpperCaseHeaders(route);
      return wrap(() => compiler(route));
    };
  };
}

/** Fastify's `schemaController` option with both compilers deferred to first use. */
export function onFirstUseSchemaController(): NonNullable<FastifyServerOptions['schemaController']> {
  const compilersFactory = {
    buildValidator: lazyFactory(AjvCompiler() as unknown as CompilerFactory, lazyValidator),
    buildSerializer: lazyFactory(SerializerSelector() as unknown as CompilerFactory, (compile) => {
      let compiled: Compiled | undefined;
      return (payload: unknown) => (compiled ??= compile())(payload);
    }),
  };
  // Fastify types these factories with ajv's own function types; ours pass them through untouched.
  return { compilersFactory } as unknown as NonNullable<FastifyServerOptions['schemaController']>;
}
