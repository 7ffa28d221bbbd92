import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Writes the snippets as modules inside the repository (so `@transcode-flow/observability`
 * resolves to this package's build) and type-checks them with the project's compiler.
 * Throws with the compiler's output when a snippet does not compile. Returns the paths.
 */
export function typecheckSnippets(snippets: readonly Snippet[], folder: string): string[] {
  const dir = join(ROOT, '.tmp', 'snippets', folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = snippets.map((snippet) => {
    const path = join(dir, `${basename(snippet.file, '.md')}-${snippet.index}.mts`);
    writeFileSync(path, `${snippet.code}\nexport {};\n`);
    return path;
  });
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
      },
      include: files,
    }),
  );
  try {
    execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', tsconfig], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    throw new Error(`snippets of ${folder} do not compile:\n${output}`);
  }
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
  const dir = join(ROOT, '.tmp', 'snippets', `run-${folder}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return snippets.map((snippet) => {
    const path = join(dir, `${basename(snippet.file, '.md')}-${snippet.index}.mts`);
    writeFileSync(path, `${snippet.code}\nexport {};\n`);
    const result = spawnSync(process.execPath, ['--import', join(ROOT, 'node_modules/tsx/dist/loader.mjs'), path], {
      cwd,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), ...env },
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    return { file: path, status: result.status, output: `${result.stdout}${result.stderr}` };
  });
}
