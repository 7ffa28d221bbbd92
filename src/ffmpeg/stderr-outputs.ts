/** What ffmpeg's log says about one output: the first video stream's codec and size, or the first audio codec. */
interface LoggedOutput {
  video: { codec: string; width: number; height: number } | undefined;
  audio: { codec: string } | undefined;
}

const OUTPUT_HEADER = /^Output #(\d+),/;
const INPUT_DURATION = /^\s+Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?),/;
const STREAM = /^\s+Stream #(\d+):\d+.*?: (Video|Audio): (\w+)(.*)$/;
const SIZE = /, (\d{2,5})x(\d{2,5})[\s,]/;

/**
 * Reads ffmpeg's log (printed at the default log level): the first input's duration, and from
 * the `Output #N` sections each output's codec and size, so no ffprobe has to run.
 */
export class OutputLogParser {
  readonly outputs = new Map<number, LoggedOutput>();
  /** The first input's duration, from its `Duration: hh:mm:ss.cc` line. */
  inputDurationSeconds: number | undefined;
  private current: number | undefined;

  /** Takes one stderr line. */
  line(line: string): void {
    if (this.inputDurationSeconds === undefined) {
      const duration = INPUT_DURATION.exec(line);
      if (duration) {
        this.inputDurationSeconds = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
        return;
      }
    }
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
