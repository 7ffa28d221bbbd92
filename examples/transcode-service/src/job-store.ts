/** Where a job is. */
export type JobStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';

/** The rendition formats the worker produces. */
export const VIDEO_FORMATS = ['360p', '720p'] as const;

/** One of {@link VIDEO_FORMATS}. */
export type VideoFormat = (typeof VIDEO_FORMATS)[number];

/** The stored outputs of a completed job (storage keys, relative to the storage root). */
export interface JobOutputs {
  video: Partial<Record<VideoFormat, { key: string; bytes: number }>>;
  thumbnail?: { key: string; bytes: number };
  audio?: { key: string; bytes: number };
  transcript?: { key: string; words: number };
}

/** What the completion webhook did. */
export interface WebhookState {
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts?: number;
  error?: string;
}

/** Everything the service knows about one job. */
export interface JobRecord {
  readonly id: string;
  /** Absolute path of the source file. */
  readonly source: string;
  /** Fingerprint of the API key that created the job (see `ownerOf`); never the key itself. */
  readonly owner: string;
  status: JobStatus;
  readonly createdAt: string;
  updatedAt: string;
  outputs: JobOutputs;
  error?: { code: string; message: string };
  webhook?: WebhookState;
}

/** The in-process record of jobs, read by `GET /jobs/:jobId` and updated by the worker. */
export interface JobStore {
  create(id: string, source: string, webhookUrl: string | undefined, owner: string): JobRecord;
  get(id: string): JobRecord | undefined;
  update(id: string, change: Partial<Omit<JobRecord, 'id' | 'source' | 'owner' | 'createdAt'>>): JobRecord | undefined;
}

/**
 * An in-memory job store. Records live as long as the process; a real service would keep
 * them in a database.
 *
 * @returns An empty store.
 * @example
 * ```ts
 * const store = createJobStore();
 * store.create('abc123', '/data/in.mp4', undefined, 'key-fingerprint');
 * store.update('abc123', { status: 'processing' });
 * ```
 */
export function createJobStore(): JobStore {
  const jobs = new Map<string, JobRecord>();
  return {
    create(id, source, webhookUrl, owner) {
      const now = new Date().toISOString();
      const record: JobRecord = {
        id,
        source,
        owner,
        status: 'queued',
        createdAt: now,
        updatedAt: now,
        outputs: { video: {} },
      };
      if (webhookUrl !== undefined) record.webhook = { url: webhookUrl, status: 'pending' };
      jobs.set(id, record);
      return record;
    },
    get: (id) => jobs.get(id),
    update(id, change) {
      const record = jobs.get(id);
      if (record === undefined) return undefined;
      Object.assign(record, change, { updatedAt: new Date().toISOString() });
      return record;
    },
  };
}
