import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyPrefix } from '../../src/entries/integrations.js';
import { makeTestVideo } from '../helpers/media.js';
import { sampleValue } from '../helpers/exposition.js';
import { requireTool } from '../helpers/tools.js';
import { type ServiceProcess, startServiceProcess, waitForJob } from './service-process.js';

const KEY = 'sk_test_0123456789abcdef0123';
const MAX_UPLOAD = 64 * 1024;

/** Sends a chunked upload (no Content-Length) of `bytes` bytes and resolves with the status and body. */
function chunkedUpload(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/jobs`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'Content-Type': 'video/mp4', 'Transfer-Encoding': 'chunked' },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(16 * 1024, 7);
    let sent = 0;
    const write = (): void => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

describe('npm run example: bad requests get a clear 4xx JSON error and the service stays up', () => {
  let service: ServiceProcess;
  let source: string;

  beforeAll(async () => {
    requireTool('ffmpeg', ['-version']);
    service = await startServiceProcess('example', {
      API_KEYS: `${KEY},sk_other_key_abcdef012345`,
      MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
    });
    mkdirSync(join(service.dataDir, 'in'));
    source = makeTestVideo(join(service.dataDir, 'in', 'clip.mp4'), 2, '640x360');
  });

  afterAll(async () => {
    await service?.cleanup();
  });

  const postJson = (body: string, headers: Record<string, string> = { 'X-API-Key': KEY }) =>
    fetch(`${service.url}/jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

  it('prints no generated key when API_KEYS is set, and never logs a key', () => {
    expect(service.stderr()).not.toContain('generated');
    expect(service.stdoutText()).not.toContain(KEY);
  });

  it('answers 401 without a key, with a wrong key, and with a wrong bearer token', async () => {
    expect(await errorOf(await postJson('{}', {}))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await errorOf(await postJson('{}', { 'X-API-Key': 'sk_test_wrong' }))).toMatchObject({ status: 401 });
    expect(await errorOf(await postJson('{}', { Authorization: 'Bearer nope-nope-nope' }))).toMatchObject({
      status: 401,
    });
    const missing = await fetch(`${service.url}/jobs/anything`);
    expect(await errorOf(missing)).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('accepts the second key of API_KEYS as a bearer token', async () => {
    const response = await postJson('{}', { Authorization: 'Bearer sk_other_key_abcdef012345' });
    expect(await errorOf(response)).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('answers 400 to malformed JSON and to a body without a source', async () => {
    expect(await errorOf(await postJson('{"source": '))).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(await errorOf(await postJson('[1,2]'))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await errorOf(await postJson(JSON.stringify({ source: source, webhookUrl: 'ftp://x' })))).toMatchObject({
      status: 400,
      code: 'invalid_request',
    });
  });

  it('answers 400 for a missing source file and 403 for one outside the source folders', async () => {
    const missing = await postJson(JSON.stringify({ source: join(service.dataDir, 'in', 'nope.mp4') }));
    expect(await errorOf(missing)).toMatchObject({ status: 400, code: 'source_not_found' });
    const outside = await postJson(JSON.stringify({ source: '/etc/passwd' }));
    expect(await errorOf(outside)).toMatchObject({ status: 403, code: 'source_not_allowed' });
  });

  it('answers 413 to an upload over MAX_UPLOAD_BYTES, declared or chunked, and to a huge JSON body', async () => {
    const declared = await fetch(`${service.url}/jobs`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'Content-Type': 'video/mp4' },
      body: new Uint8Array(MAX_UPLOAD + 1),
    });
    expect(await errorOf(declared)).toMatchObject({ status: 413, code: 'payload_too_large' });
    const chunked = await chunkedUpload(service.url, 50 * MAX_UPLOAD);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    const json = await postJson(JSON.stringify({ source: 'x'.repeat(100_000) }));
    expect(await errorOf(json)).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('answers 415 to a body that is neither JSON nor video', async () => {
    const response = await fetch(`${service.url}/jobs`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(await errorOf(response)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('answers 404 to an unknown job, an unknown format and a rendition that does not exist', async () => {
    expect(await errorOf(await service.fetch('/jobs/no-such-job'))).toMatchObject({
      status: 404,
      code: 'job_not_found',
    });
    const unknownJob = await service.fetch('/downloads/job/no-such-job/video/720p');
    expect(await errorOf(unknownJob)).toMatchObject({ status: 404, code: 'job_not_found' });

    const corrupt = join(service.dataDir, 'in', 'corrupt.mp4');
    writeFileSync(corrupt, Buffer.alloc(4096, 3));
    const accepted = await postJson(JSON.stringify({ source: corrupt }));
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    expect(await waitForJob(service, id)).toMatchObject({ status: 'failed' });
    const missing = await service.fetch(`/downloads/job/${id}/video/720p`);
    expect(await errorOf(missing)).toMatchObject({ status: 404, code: 'rendition_not_found' });
    const format = await service.fetch(`/downloads/job/${id}/video/4k`);
    expect(await errorOf(format)).toMatchObject({ status: 404, code: 'rendition_not_found' });
    expect(await errorOf(await service.fetch('/nothing/here'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('is still alive afterwards, loses nothing, and counts every answer by route and status', async () => {
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
    const upload = await fetch(`${service.url}/jobs`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'Content-Type': 'video/mp4' },
      body: new Uint8Array(0),
    });
    expect(upload.status).toBe(202);
    const accepted = await postJson(JSON.stringify({ source }));
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    expect(await waitForJob(service, id)).toMatchObject({ status: 'completed' });
    const download = await service.fetch(`/downloads/job/${id}/video/360p`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('video/mp4');
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    const samples = await service.scrape();
    const count = (method: string, route: string, status: string) =>
      sampleValue(samples, 'api_requests_total', { method, route, status_code: status });
    expect(count('POST', '/jobs', '401')).toBeGreaterThanOrEqual(3);
    expect(count('POST', '/jobs', '400')).toBeGreaterThanOrEqual(4);
    expect(count('POST', '/jobs', '413')).toBe(3);
    expect(count('GET', '/jobs/:jobId', '404')).toBe(1);
    expect(count('GET', '/downloads/job/:jobId/video/:format', '404')).toBe(3);
    expect(sampleValue(samples, 'api_key_requests_total', { key_prefix: apiKeyPrefix(KEY) })).toBeGreaterThan(5);
  });

  it('exits with code 0 on SIGINT', async () => {
    await service.signal('SIGINT');
    expect(await service.exited).toBe(0);
    expect(service.logLines().at(-1)?.message).toBe('shutdown complete');
  });
});
