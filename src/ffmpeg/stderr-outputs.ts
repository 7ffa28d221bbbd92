/** What ffmpeg's log says about one output: the first video stream's codec and size, or the first audio codec. */
export interface LoggedOutput {
  video: { codec: string; width: number; height: number } | undefined;
  audio: { codec: string } | undefined;
}

const OUTPUT_HEADER = /^Output #(\d+),/;
const STREAM = /^\s+Stream #(\d+):\d+.*?: (Video|Audio): (\w+)(.*)$/;
const SIZE = /, (\d{2,5})x(\d{2,5})[\s,]/;

/**
 * Reads the `Output #N` sections of ffmpeg's log (printed at the default log level) to learn
 * each output's codec and size: the only source of that for outputs written to a stream.
 */
export class OutputLogParser {
  readonly outputs = new Map<number, LoggedOutput>();
  private current: number | undefined;

  /** Takes one stderr line. */
  line(line: string): void {
    const header = OUTPUT_HEADER.exec(line);
    if (header) {
      this.current = Number(header[1]);
      this.outputs.set(this.current, { video: undefined, audio: undefined });
      return;
    }
    if (this.current === undefined) return;
    if (!/^\s/.test(line)) {
      this.current = undefined;
      return;
    }
    const stream = STREAM.exec(line);
    if (!stream) return;
    const output = this.outputs.get(Number(stream[1]));
    if (output === undefined) return;
    if (stream[2] === 'Video' && output.video === undefined) {
      const size = SIZE.exec(`${stream[4]!} `);
      if (size) output.video = { codec: stream[3]!, width: Number(size[1]), height: Number(size[2]) };
    } else if (stream[2] === 'Audio' && output.audio === undefined) {
      output.audio = { codec: stream[3]! };
    }
  }
}
