import { spawn } from 'node:child_process';
import type { Transcriber } from './transcriber.js';

/**
 * A transcriber that runs a local whisper command line (for example `whisper --model base
 * --output_format txt --output_dir /tmp`, or whisper.cpp's `main -m model.bin -nt -f`) with
 * the audio file path appended, and takes its standard output as the transcript.
 *
 * @param command - The command line, split on spaces (`WHISPER_CMD`).
 * @returns The transcriber; its `model` label is the command's first word.
 * @example
 * ```ts
 * const transcriber = whisperTranscriber('whisper --model base --output_format txt');
 * const { text } = await transcriber.transcribe('/tmp/audio.m4a', AbortSignal.timeout(60_000));
 * ```
 */
export function whisperTranscriber(command: string): Transcriber {
  const [program, ...args] = command.split(/\s+/).filter((part) => part !== '');
  if (program === undefined) throw new Error('WHISPER_CMD is empty; expected a command such as "whisper --model base"');
  const model = program.split('/').pop() ?? 'whisper';
  return {
    model,
    transcribe(audioPath, signal) {
      return new Promise((resolve, reject) => {
        const child = spawn(program, [...args, audioPath], { signal, stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        child.once('error', reject);
        child.once('close', (code) => {
          if (code === 0) return resolve({ text: Buffer.concat(out).toString('utf8').trim() });
          const tail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-5).join('\n');
          reject(new Error(`${command} exited with code ${code}: ${tail}`));
        });
      });
    },
  };
}
