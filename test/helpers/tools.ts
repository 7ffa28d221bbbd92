import { execFileSync } from 'node:child_process';

/**
 * Asserts that a real tool the tests need is on PATH. A missing tool is a failure, never a
 * skip: CI installs every tool (`scripts/install-test-tools.sh`), so a skip would hide a gap.
 */
export function requireTool(tool: string, versionArgs: string[] = ['--version']): string {
  try {
    execFileSync(tool, versionArgs, { stdio: 'pipe' });
    return tool;
  } catch (error) {
    throw new Error(
      `${tool} is required by this test but could not run (${(error as Error).message}); run \`npm run test:setup\` to install the test tools.`,
    );
  }
}
