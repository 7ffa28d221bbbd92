import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestVideo } from '../helpers/media.js';
import { requireTool } from '../helpers/tools.js';
import { type ServiceProcess, startServiceProcess, waitForJob } from './service-process.js';

/*
 * What one client of the example can learn or reach: nothing about files outside the source
 * folders (every such path gets the same answer, existing or not), nothing of another API
 * key's jobs (404, as for a job that does not exist), and no other job's upload or renditions
 * as a source.
 */

const KEY_A = 'sk_test_owner_a_0123456789abcdef';
const KEY_B = 'sk_test_owner_b_0123456789abcdef';

interface Answer {
  status: number;
  body: { error?: { code: string; message: string }; id?: string; status?: string };
}

describe('npm run example: access between clients and to the file system', () => {
  let service: ServiceProcess;
  let clip: string;
  const outsideFiles: string[] = [];

  beforeAll(async () => {
    requireTool('ffmpeg', ['-version']);
    service = await startServiceProcess('example', { API_KEYS: `${KEY_A},${KEY_B}` });
    mkdirSync(join(service.dataDir, 'in'));
    clip = makeTestVideo(join(service.dataDir, 'in', 'clip.mp4'), 1, '320x180');
  });
  afterAll(async () => {
    await service?.cleanup();
    for (const file of outsideFiles) rmSync(file, { force: true });
  });

  const as = async (key: string, path: string, init: RequestInit = {}): Promise<Answer> => {
    const response = await fetch(service.url + path, {
      ...init,
      headers: { 'X-API-Key': key, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    });
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') ? ((await response.json()) as Answer['body']) : {} };
  };
  const submit = (key: string, source: string) =>
    as(key, '/jobs', { method: 'POST', body: JSON.stringify({ source }) });

  it('gives every path outside the source folders the same 403, whether it exists or not', async () => {
    const outside = join(service.dataDir, '..', `tfo-outside-${process.pid}.mp4`);
    writeFileSync(outside, 'not a video');
    outsideFiles.push(outside);
    symlinkSync('/etc/passwd', join(service.dataDir, 'in', 'link-to-passwd.mp4'));
    const paths = [
      '/etc/shadow',
      '/etc/shadow-nope',
      '/etc',
      '/',
      '/no/such/folder/x.mp4',
      outside,
      `${outside}-nope`,
      join(service.dataDir, 'in', '..', '..', 'etc', 'passwd'),
      join(service.dataDir, 'in', 'link-to-passwd.mp4'),
    ];
    const answers = await Promise.all(paths.map((path) => submit(KEY_A, path)));
    const first = answers[0]!;
    expect(first).toMatchObject({ status: 403, body: { error: { code: 'source_not_allowed' } } });
    for (const [i, answer] of answers.entries()) expect(answer, paths[i]).toEqual(first);
  });

  it('still tells a client that a file inside its source folders is missing', async () => {
    expect(await submit(KEY_A, join(service.dataDir, 'in', 'nope.mp4'))).toMatchObject({
      status: 400,
      body: { error: { code: 'source_not_found' } },
    });
  });

  it("answers 404 to another key's job and downloads, exactly as for a job that does not exist", async () => {
    const created = await submit(KEY_A, clip);
    expect(created.status).toBe(202);
    const id = created.body.id!;
    expect(await waitForJob(service, id)).toMatchObject({ status: 'completed' });
    expect(JSON.stringify(created.body)).not.toMatch(/owner|sk_test/);

    expect((await as(KEY_A, `/jobs/${id}`)).status).toBe(200);
    expect((await as(KEY_A, `/downloads/job/${id}/video/360p`)).status).toBe(200);

    const other = await as(KEY_B, `/jobs/${id}`);
    const unknown = await as(KEY_B, '/jobs/00000000-0000-4000-8000-000000000000');
    expect(other.status).toBe(404);
    expect(other.body.error?.code).toBe('job_not_found');
    expect(other.body.error?.message.replace(id, '<id>')).toBe(
      unknown.body.error?.message.replace('00000000-0000-4000-8000-000000000000', '<id>'),
    );
    for (const format of ['360p', '720p', '4k']) {
      expect(await as(KEY_B, `/downloads/job/${id}/video/${format}`), format).toMatchObject({
        status: 404,
        body: { error: { code: 'job_not_found' } },
      });
    }
  });

  it("refuses another job's upload, renditions and work files as a source, for every key", async () => {
    const upload = await fetch(`${service.url}/jobs`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY_B, 'Content-Type': 'video/mp4' },
      body: new Uint8Array(await (await import('node:fs/promises')).readFile(clip)),
    });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: string };
    expect(await waitForJob(service, id, 90_000, KEY_B)).toMatchObject({ status: 'completed' });
    const storage = join(service.dataDir, 'storage');
    const paths = [
      join(storage, 'uploads', id),
      join(storage, 'jobs', id, 'video-360p.mp4'),
      join(storage, 'jobs', id, 'thumbnail.jpg'),
      join(storage, 'uploads', 'not-yet-a-job'),
      join(service.dataDir, 'work', id, 'video-360p.mp4'),
    ];
    for (const key of [KEY_A, KEY_B]) {
      for (const path of paths) {
        expect(await submit(key, path), path).toMatchObject({
          status: 403,
          body: { error: { code: 'source_not_allowed' } },
        });
      }
    }
  });
});
