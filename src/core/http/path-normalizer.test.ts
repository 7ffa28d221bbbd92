import { describe, expect, it } from 'vitest';
import { ObservabilityError } from '../errors.js';
import { createPathNormalizer, isIdSegment } from './path-normalizer.js';
import { pathOf, routeLabel, UNMATCHED_ROUTE } from './route-label.js';

describe('path normalizer', () => {
  it('names a path with the configured pattern, as in the report', () => {
    const normalize = createPathNormalizer({ patterns: ['/downloads/job/:job_id/video/:video_format'] });
    expect(normalize('/downloads/job/abc123/video/720p', true)).toBe('/downloads/job/{job_id}/video/{video_format}');
    expect(normalize('/downloads/job/abc123', true)).toBeUndefined();
  });

  it('replaces numbers, UUIDs, ULIDs and long hex with {id} only when asked, and never for 404s', () => {
    const normalize = createPathNormalizer({ detectIds: true });
    expect(normalize('/files/42/3f2504e0-4f89-11d3-9a0c-0305e82c3301/01ARZ3NDEKTSV4RRFFQ69G5FAV', true)).toBe(
      '/files/{id}/{id}/{id}',
    );
    expect(normalize('/blobs/9f86d081884c7d659a2feaa0c55ad015', true)).toBe('/blobs/{id}');
    expect(normalize('/files/42', false)).toBeUndefined();
    expect(createPathNormalizer({})('/files/42', true)).toBeUndefined();
    expect(normalize(`/${'a/'.repeat(40)}`, true)).toBeUndefined();
  });

  it('tells ids from names', () => {
    for (const id of ['7', '01ARZ3NDEKTSV4RRFFQ69G5FAV', 'deadbeefdeadbeef']) expect(isIdSegment(id)).toBe(true);
    for (const name of ['jobs', '720p', 'abc123', 'deadbeef']) expect(isIdSegment(name)).toBe(false);
  });

  it('refuses a bad pattern with TFO_ERR_INVALID_OPTION naming it', () => {
    expect(() => createPathNormalizer({ patterns: ['/jobs/:'] })).toThrowError(
      expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION', option: 'pathPatterns[0]' }) as Error,
    );
    expect(() => createPathNormalizer({ patterns: ['jobs'] })).toThrow(ObservabilityError);
    expect(() => createPathNormalizer({ detectIds: 'yes' as unknown as boolean })).toThrow(/detectIds/);
  });
});

describe('route label', () => {
  it('prefers the framework template, then patterns, then one unmatched value', () => {
    const normalize = createPathNormalizer({ patterns: ['/a/:b'] });
    expect(routeLabel('/jobs/:jobId', '/jobs/1', 200, normalize)).toBe('/jobs/:jobId');
    expect(routeLabel(undefined, '/a/1', 404, normalize)).toBe('/a/{b}');
    expect(routeLabel(undefined, '/zzz', 404, normalize)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(undefined, '/zzz', 200, undefined)).toBe(UNMATCHED_ROUTE);
  });

  it('takes the raw path without query or fragment, never decoding it', () => {
    expect(pathOf('/jobs/1?x=%')).toBe('/jobs/1');
    expect(pathOf('/%#frag')).toBe('/%');
    expect(pathOf(undefined)).toBe('/');
  });
});
