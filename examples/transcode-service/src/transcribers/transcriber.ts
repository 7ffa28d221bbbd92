/** What a transcription step returns. */
export interface Transcript {
  /** The recognised text. */
  readonly text: string;
}

/** A speech-to-text step run on the extracted audio. */
export interface Transcriber {
  /** The `model` label of the transcription metrics (`whisper`, …). */
  readonly model: string;
  /** Transcribes the audio file; must stop when `signal` aborts. */
  transcribe(audioPath: string, signal: AbortSignal): Promise<Transcript>;
}
