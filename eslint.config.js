import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.tmp/',
      '.node-lines/',
      'bench/results/',
      'docs/api/',
      'coverage/',
      'monitoring-presets/',
      'node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        global: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-function': 'off',
    },
  },
  {
    // One direction of imports (ARCHITECTURE.md): a cycle between modules of src fails the lint.
    // Type-only imports are erased at build time and are not counted.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The layers of ARCHITECTURE.md, lowest first: each may import only from the layers below it.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones() }] },
  },
);

/** What each layer must not import: everything above it (see ARCHITECTURE.md). */
function layerZones() {
  const entries = ['./src/entries', './src/index.ts', './src/create-observability.ts', './src/core/options.ts'];
  const domain = ['./src/integrations', './src/jobs', './src/ffmpeg'];
  const top = [...entries, './src/adapters', './src/cli', './src/presets', ...domain];
  const http = [
    './src/core/http',
    './src/core/health',
    './src/core/metrics-endpoint.ts',
    './src/core/metrics-server.ts',
    './src/core/cluster.ts',
  ];
  const adapters = ['express', 'fastify', 'koa', 'hono'].map((name) => `./src/adapters/${name}`);
  const zone = (target, from, message) => ({ target, from, message });
  return [
    zone(
      './src/catalogue',
      [...top, './src/core', './src/logging'],
      'the catalogue is the bottom layer: it imports nothing of src',
    ),
    zone(
      './src/presets',
      [...entries, './src/adapters', './src/cli', ...domain, './src/logging', ...http, './src/core/metrics'],
      'presets depend on the catalogue only',
    ),
    {
      target: './src/presets',
      from: './src/core',
      except: ['./errors.ts'],
      message: 'presets take only errors.ts of core',
    },
    zone(
      [
        './src/core/errors.ts',
        './src/core/option-checks.ts',
        './src/core/single-flight.ts',
        './src/core/api-key-prefix.ts',
        './src/core/module-require.ts',
        './src/core/binary-lookup.ts',
        './src/core/safe-call.ts',
        './src/core/host-runtime.ts',
      ],
      [...top, './src/catalogue', './src/logging', './src/core/metrics', ...http],
      'leaf utilities import nothing of src',
    ),
    zone(
      [
        './src/core/metrics',
        './src/core/registry.ts',
        './src/core/handles.ts',
        './src/core/event-loop-delay-window.ts',
        './src/core/openmetrics.ts',
      ],
      [...top, './src/logging', ...http],
      'the metric store sits below logging and HTTP',
    ),
    zone(
      './src/logging',
      [...top, './src/core/metrics', './src/core/registry.ts', ...http],
      'logging sits below HTTP and knows no metric',
    ),
    zone(http, top, 'the HTTP core and health checks know no adapter, domain helper or preset'),
    zone('./src/core/observability.ts', top, 'the Observability type knows nothing above the HTTP layer'),
    zone(
      domain,
      [...entries, './src/adapters', './src/cli', './src/presets', ...http],
      'domain helpers take the Observability type; they know no adapter or preset',
    ),
    ...adapters.map((adapter) =>
      zone(
        adapter,
        [...adapters.filter((other) => other !== adapter), ...entries, './src/cli', './src/presets', ...domain],
        'an adapter imports the HTTP core, never another adapter',
      ),
    ),
  ];
}
