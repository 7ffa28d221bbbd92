import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** One fenced code block of a Markdown file. */
export interface Snippet {
  file: string;
  index: number;
  lang: string;
  code: string;
}

/** The fenced blocks of a Markdown file in the given languages (default: ts and typescript). */
export function extractSnippets(markdownPath: string, langs: readonly string[] = ['ts', 'typescript']): Snippet[] {
  const text = readFileSync(resolve(ROOT, markdownPath), 'utf8');
  const snippets: Snippet[] = [];
  let index = 0;
  for (const match of text.matchAll(/^```(\w+)[^\n]*\n([\s\S]*?)^```$/gm)) {
    const lang = match[1]!;
    if (langs.includes(lang)) snippets.push({ file: markdownPath, index: index++, lang, code: match[2]! });
  }
  return snippets;
}

/** The `@example` blocks (```ts fenced) of the TSDoc in a source file, as snippets. */
export function tsdocExamples(sourcePath: string): Snippet[] {
  const text = readFileSync(resolve(ROOT, sourcePath), 'utf8');
  return [...text.matchAll(/@example\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g)].map((match, index) => ({
    file: sourcePath.replace(/[/.]/g, '_'),
    index,
    lang: 'ts',
    code: match[1]!.replace(/^\s*\* ?/gm, ''),
  }));
}

const TSX = ['--import', join(ROOT, 'node_modules/tsx/dist/loader.mjs')];

/** An empty folder for snippet modules under `.tmp/snippets` (inside the package, so its name resolves). */
function snippetFolder(name: string): string {
  const dir = join(ROOT, '.tmp', 'snippets', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes a snippet as a module of `dir` and returns its path. */
function writeSnippet(dir: string, snippet: Snippet): string {
  const path = join(dir, `${basename(snippet.file, '.md')}-${snippet.index}.mts`);
  writeFileSync(path, `${snippet.code}\nexport {};\n`);
  return path;
}

/** Throws unless the package is built (`dist/`), which snippets checked or run against the build need. */
function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
}

/**
 * Writes the snippets as modules inside the repository and type-checks them with the project's
 * compiler and settings, against the build: as for `startSnippet`, the root tsconfig's `paths`
 * (which map the package name to `src/`) are cleared, so `@transcode-flow/observability/...`
 * resolves through package.json's `exports` to the `dist/*.d.ts` an installed package ships.
 * Throws when there is no build, or with the compiler's output when a snippet does not
 * compile. Returns the paths.
 */
export function typecheckSnippets(snippets: readonly Snippet[], folder: string): string[] {
  requireBuild();
  const dir = snippetFolder(folder);
  const files = snippets.map((snippet) => writeSnippet(dir, snippet));
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        noUnusedLocals: false,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        skipLibCheck: true,
        paths: {},
      },
      include: files,
    }),
  );
  // `--listFiles` names every file of the program: none may come from src/.
  const isListedFile = (line: string): boolean => /^\/\S+\.[cm]?tsx?$/.test(line);
  let listed: string[];
  try {
    listed = execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', tsconfig, '--listFiles'], {
      cwd: ROOT,
      stdio: 'pipe',
      encoding: 'utf8',
    }).split('\n');
  } catch (error) {
    const output = (error as { stdout?: Buffer | string }).stdout?.toString() ?? String(error);
    const diagnostics = output.split('\n').filter((line) => !isListedFile(line));
    throw new Error(`snippets of ${folder} do not compile:\n${diagnostics.join('\n')}`);
  }
  const sources = listed.filter((line) => line.startsWith(join(ROOT, 'src') + '/'));
  if (sources.length > 0)
    throw new Error(`snippets of ${folder} were checked against the sources, not the build: ${sources.join(', ')}`);
  return files;
}

/**
 * Runs each snippet as its own module with tsx (the package name resolves to the sources
 * through the root tsconfig's paths) and returns each run's exit code and output. A snippet
 * that does not exit within `timeoutMs` is killed and reported with exit code null. `cwd` is
 * where it runs (relative file names in a snippet are read there); `env` adds variables.
 */
export function runSnippets(
  snippets: readonly Snippet[],
  folder: string,
  timeoutMs = 20_000,
  cwd = ROOT,
  env: Record<string, string> = {},
): { file: string; status: number | null; output: string }[] {
  const dir = snippetFolder(`run-${folder}`);
  return snippets.map((snippet) => {
    const path = writeSnippet(dir, snippet);
    const result = spawnSync(process.execPath, [...TSX, path], {
      cwd,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    return { file: path, status: result.status, output: `${result.stdout}${result.stderr}` };
  });
}

/** A snippet running as a child process (see `startSnippet`). */
export interface SnippetProcess {
  readonly file: string;
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Whether it has exited. */
  readonly exited: boolean;
  /** Resolves when it exits, with its exit code (null when a signal ended it) and that signal. */
  readonly exit: Promise<SnippetExit>;
  /**
   * Stops it by its pid: SIGTERM, then SIGKILL if it still runs after `graceMs`. Resolves once
   * it has exited, with how it ended (`killed` is true when SIGKILL was needed).
   */
  stop(graceMs?: number): Promise<SnippetExit & { killed: boolean }>;
}

/** How a snippet process ended. */
export interface SnippetExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Starts one snippet as its own process with tsx and returns at once (for snippets that
 * start a server and run until stopped). Unlike `runSnippets`, the package name resolves to
 * the build: the module is written inside the package and run with a tsconfig that has no
 * `paths`, so Node resolves `@transcode-flow/observability/...` through package.json's
 * `exports` to `dist/`, as an installed package would. Throws when there is no build.
 * `env` adds variables; output is collected, not shown.
 */
export function startSnippet(snippet: Snippet, folder: string, env: Record<string, string> = {}): SnippetProcess {
  requireBuild();
  const dir = join(ROOT, '.tmp', 'snippets', `start-${folder}`);
  mkdirSync(dir, { recursive: true });
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  const file = writeSnippet(dir, snippet);
  const child = spawn(process.execPath, [...TSX, file], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  const pid = child.pid;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<SnippetExit>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  return {
    file,
    pid,
    output: () => output,
    get exited() {
      return exited;
    },
    exit,
    async stop(graceMs = 3000) {
      if (exited) return { ...(await exit), killed: false };
      process.kill(pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = await Promise.race([
        exit.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (killed && !exited) process.kill(pid, 'SIGKILL');
      return { ...(await exit), killed };
    },
  };
}
