import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { instrumentStorage } from '@transcode-flow/observability/integrations';
import { type Observability } from '@transcode-flow/observability';

/** Local-disk storage for uploads and renditions, timed by the SDK's storage helpers. */
export interface LocalStorage {
  /** The storage root folder. */
  readonly root: string;
  /** The absolute path of a key (refuses keys that leave the root). */
  pathOf(key: string): string;
  /** Copies a finished file into storage under `key`; resolves with its size. */
  putFile(key: string, fromPath: string): Promise<number>;
  /** Streams `source` into storage under `key`, through the optional `limiter` transforms; resolves with the bytes written. */
  putStream(key: string, source: Readable, ...limiter: NodeJS.ReadWriteStream[]): Promise<number>;
  /** The size of a stored key, or `undefined` when it does not exist. */
  size(key: string): Promise<number | undefined>;
  /** Streams a stored key to `destination` (an HTTP response). */
  streamTo(key: string, destination: Writable): Promise<void>;
  /** Deletes a key (no error when it is already gone). */
  remove(key: string): Promise<void>;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/**
 * Local-disk storage under `root`. Every write, read and delete goes through
 * `instrumentStorage(…).time` (`storage_operations_total`, `storage_operation_duration_seconds`,
 * `storage_transferred_bytes_total`, backend `local`); `storage_used_bytes` (bytes under the
 * root) and `storage_quota_bytes` (the size of the file system) are read at each scrape.
 *
 * @param observability - The object from `createObservability()`.
 * @param root - The storage folder; created when missing.
 * @returns The storage.
 * @example
 * ```ts
 * const storage = await createLocalStorage(observability, '/var/lib/transcoder/storage');
 * await storage.putFile('jobs/abc123/video-720p.mp4', '/tmp/work/720p.mp4');
 * ```
 */
export async function createLocalStorage(observability: Observability, root: string): Promise<LocalStorage> {
  const base = resolve(root);
  await mkdir(base, { recursive: true });
  const timer = instrumentStorage(observability, { backend: 'local' });
  timer.collectUsage(async () => {
    const fs = await statfs(base);
    return { usedBytes: await folderBytes(base), quotaBytes: fs.blocks * fs.bsize };
  });

  const pathOf = (key: string): string => {
    const path = resolve(base, key);
    if (!path.startsWith(base + sep)) throw new Error(`storage key ${JSON.stringify(key)} leaves the storage root`);
    return path;
  };

  return {
    root: base,
    pathOf,
    async putFile(key, fromPath) {
      const path = pathOf(key);
      const { size } = await stat(fromPath);
      await mkdir(dirname(path), { recursive: true });
      await timer.time('write', () => copyFile(fromPath, path), { bytes: size });
      return size;
    },
    async putStream(key, source, ...limiter) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const write = async (): Promise<number> => {
        await pipeline([source, ...limiter, createWriteStream(path)]);
        return (await stat(path)).size;
      };
      try {
        return await timer.time('write', write, { bytes: (written) => written });
      } catch (error) {
        await rm(path, { force: true });
        throw error;
      }
    },
    async size(key) {
      const info = await stat(pathOf(key)).catch(() => undefined);
      return info?.isFile() ? info.size : undefined;
    },
    async streamTo(key, destination) {
      const path = pathOf(key);
      const { size } = await stat(path);
      await timer.time('read', () => pipeline(createReadStream(path), destination), { bytes: size });
    },
    async remove(key) {
      await timer.time('delete', () => rm(pathOf(key), { force: true, recursive: true }));
    },
  };
}
