// The dependency direction of STYLE.md, enforced (npm test runs it; tools/check-deps.test
// proves it fails on a forbidden import). Folders are roles: shared is pure, cloud and hub
// never import each other, the renderer stays browser-safe.
const testFiles = '(\\.test\\.tsx?$|/test/)';

/** A workspace package, resolved (its folder) or unresolved (its name, before a build). */
const pkg = (names) => `^((${names})/|@ismail/(${names})($|/))`;

/** Packages the pure kernel may use: schema building and JOSE (WebCrypto, no I/O). Everything else is denied. */
const sharedAllowed = '^node_modules/(@sinclair/typebox|jose|canonicalize)/';

module.exports = {
  forbidden: [
    {
      name: 'shared-no-node-builtins',
      comment: 'shared/ is the pure domain kernel: no node: modules (fs, net, crypto...).',
      severity: 'error',
      from: { path: '^shared/', pathNot: testFiles },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-only-pure-packages',
      comment: 'shared/ may import only its allow-listed pure packages (deny by default).',
      severity: 'error',
      from: { path: '^shared/', pathNot: testFiles },
      to: {
        dependencyTypes: [
          'npm',
          'npm-dev',
          'npm-optional',
          'npm-peer',
          'npm-no-pkg',
          'npm-unknown',
          'aliased-workspace',
          'unknown',
          'undetermined',
        ],
        pathNot: sharedAllowed,
      },
    },
    {
      name: 'shared-no-other-packages',
      comment: 'shared/ sits at the bottom: it imports no other ISMAIL package.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: pkg('cloud|hub|drivers|renderer|firmware-sim|cli') },
    },
    {
      name: 'cli-talks-to-hubs-over-http',
      comment:
        'The operator CLI drives a cloud (and borrows its card renderers) and a hub through its local API: never the hub package.',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: pkg('hub|renderer|drivers') },
    },
    {
      name: 'cloud-not-hub',
      severity: 'error',
      from: { path: '^cloud/', pathNot: testFiles },
      to: { path: pkg('hub|renderer|firmware-sim|drivers|cli') },
    },
    {
      name: 'cloud-tests-only-simulators',
      comment: "The cloud's tests may drive the simulated providers; never the hub, renderer or drivers.",
      severity: 'error',
      from: { path: `^cloud/.*${testFiles}` },
      to: { path: pkg('hub|renderer|drivers') },
    },
    {
      name: 'hub-not-cloud',
      severity: 'error',
      from: { path: '^hub/' },
      to: { path: pkg('cloud|renderer') },
    },
    {
      // Hub tests drive the simulated printers and scanners; the hub itself never knows them.
      name: 'hub-src-not-firmware-sim',
      severity: 'error',
      from: { path: '^hub/', pathNot: testFiles },
      to: { path: pkg('firmware-sim') },
    },
    {
      name: 'drivers-only-shared',
      severity: 'error',
      from: { path: '^drivers/' },
      to: { path: pkg('cloud|hub|renderer|firmware-sim') },
    },
    {
      name: 'firmware-sim-only-shared-and-drivers',
      severity: 'error',
      from: { path: '^firmware-sim/', pathNot: testFiles },
      to: { path: pkg('cloud|hub|renderer') },
    },
    {
      name: 'renderer-browser-safe',
      comment: 'The renderer runs in a browser: no node: modules, no server packages.',
      severity: 'error',
      from: { path: '^renderer/src/', pathNot: testFiles },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-server-packages',
      comment:
        "What the renderer ships never reaches a server package. Its end-to-end tests (renderer/test/) are Node programs that start the simulators the browser talks to, as the other packages' tests do.",
      severity: 'error',
      from: { path: '^renderer/', pathNot: '^renderer/test/' },
      to: {
        path: `(${pkg('cloud|hub|drivers|firmware-sim')}|^node_modules/(pg|better-sqlite3|fastify|electron|serialport|usb|aedes)/|^(pg|better-sqlite3|fastify|electron|serialport|usb|aedes)$)`,
      },
    },
    {
      name: 'no-deep-imports-across-packages',
      // The second entry point is shared's declared `./ismail-id-input` export: the ID desk's screen
      // takes that one pure file instead of the whole kernel (its schemas weigh ~20 KB in a phone's download).
      comment:
        'Packages meet through their exports (src/index.ts, or a subpath package.json declares), never deep paths.',
      severity: 'error',
      from: { path: '^(shared|drivers|cloud|hub|renderer|firmware-sim|cli)/' },
      to: {
        path: '^(shared|drivers|cloud|hub|renderer|firmware-sim|cli)/(src|dist/src)/(?!index\\.|cards/ismail-id-input\\.)',
        pathNot: '^$1/',
      },
    },
  ],
  options: {
    // Edges into node_modules and builds are kept (rules need them) but not cruised further.
    // Never use `exclude` for them: it drops the edges and the rules above go blind.
    doNotFollow: { path: ['node_modules', '/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    combinedDependencies: true,
  },
};
