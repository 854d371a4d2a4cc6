/**
 * Which modules a suite's cloud registers: all of them, unless ISMAIL_TEST_MODULES names some
 * (`identity,wallet`): then only those, so a module's suite proves it stands on its declared
 * dependencies alone (cloud/test/modules-alone.test.ts runs suites that way).
 */
import type { FastifyInstance } from 'fastify';
import { allModules, buildCloudApp, type CloudAppOptions } from '../../src/app.js';
import type { CloudModule } from '../../src/platform/options.js';

/** The name fastify-plugin gave a module (its `name` option). */
export function moduleName(module: CloudModule): string {
  const meta = (module as unknown as Record<symbol, { name?: string } | undefined>)[Symbol.for('plugin-meta')];
  if (meta?.name === undefined) throw new Error('a module without a fastify-plugin name');
  return meta.name;
}

export function modulesUnderTest(): readonly CloudModule[] {
  const listed = process.env.ISMAIL_TEST_MODULES;
  if (listed === undefined || listed === '') return allModules;
  const names = listed.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !allModules.some((m) => moduleName(m) === n));
  if (unknown.length > 0) throw new Error(`ISMAIL_TEST_MODULES names unknown modules: ${unknown.join(', ')}`);
  return allModules.filter((m) => names.includes(moduleName(m)));
}

export function buildAppUnderTest(options: CloudAppOptions): Promise<FastifyInstance> {
  return buildCloudApp({ schemaCompilation: 'on-first-use', ...options, modules: modulesUnderTest() });
}
