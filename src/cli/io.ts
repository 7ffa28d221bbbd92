/** Where a command writes: stdout for results, stderr for messages to a person. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes of the bin: 0 success, 1 problems found (verify), 2 bad usage or config. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
