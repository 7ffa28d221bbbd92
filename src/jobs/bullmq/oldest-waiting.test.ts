import { describe, expect, it } from 'vitest';
import { delayedUntil, queueKeys, readOldestWaitingAge, readySince } from './oldest-waiting.js';
import type { LeaseRedis } from './types.js';

/** A client whose script answers `reply` (what Redis would return for the queue). */
function answering(reply: unknown): LeaseRedis {
  return { set: async () => 'OK', eval: async () => reply };
}

const keys = queueKeys('bull:transcode');

describe('readySince', () => {
  it.each([
    ['a job added at t', '1000', false, '{}', 1000],
    ['added with a delay: ready once it is over', '1000', false, '{"delay":500}', 1500],
    ['a retried job: no earlier than its last attempt', '1000', '4000', '{"delay":500}', 4000],
    ['an attempt before its delay ended (promoted early) does not move it back', '1000', '1200', '{"delay":500}', 1500],
    ['a negative delay counts as none', '1000', false, '{"delay":-5}', 1000],
    ['unreadable opts count as no delay', '1000', false, '{not json', 1000],
    ['opts that are JSON null', '1000', false, 'null', 1000],
    ['a delay that is not a number', '1000', false, '{"delay":"soon"}', 1000],
    ['an unreadable processedOn is ignored', '1000', 'x', '{}', 1000],
    ['a job gone between the reads', false, false, false, undefined],
    ['a hash without a timestamp', '', '4000', '{}', undefined],
    ['a timestamp that is not a number', 'yesterday', false, '{}', undefined],
  ])('%s', (_, timestamp, processedOn, opts, expected) => {
    expect(readySince(timestamp, processedOn, opts)).toBe(expected);
  });
});

describe('delayedUntil', () => {
  it.each([
    ['the time in the score (time * 4096 + counter)', String(1_700_000_000_000 * 4096 + 17), 1_700_000_000_000],
    ['a score with no counter', String(2000 * 4096), 2000],
    ['no delayed job', false, undefined],
    ['an unreadable score', 'nan', undefined],
  ])('%s', (_, score, expected) => {
    expect(delayedUntil(score)).toBe(expected);
  });
});

describe('readOldestWaitingAge', () => {
  const now = () => 100_000;
  it.each([
    ['an empty queue reads 0', [false], 0],
    ['the oldest candidate wins', [false, '40000', false, '{}', '10000', false, '{}', '70000', false, '{}'], 90],
    ['a due delayed job counts from the end of its delay', [String(30_000 * 4096 + 3), '80000', false, '{}'], 70],
    ['a delayed job not yet due does not count', [String(200_000 * 4096), '80000', false, '{}'], 20],
    ['a candidate gone between the reads is skipped', [false, false, false, false, '95000', false, '{}'], 5],
    [
      'a job ready in the future (promoted early) reads 0, never negative',
      [false, '90000', false, '{"delay":60000}'],
      0,
    ],
    ['a reply that is not an array reads 0', 'OK', 0],
    ['a truncated reply ignores the incomplete candidate', [false, '10000', false], 0],
  ])('%s', async (_, reply, expected) => {
    expect(await readOldestWaitingAge(answering(reply), keys, now)).toBe(expected);
  });

  it('names the queue’s keys under its qualified name', () => {
    expect(queueKeys('{bull}:transcode')).toEqual({
      wait: '{bull}:transcode:wait',
      paused: '{bull}:transcode:paused',
      prioritized: '{bull}:transcode:prioritized',
      delayed: '{bull}:transcode:delayed',
      jobPrefix: '{bull}:transcode:',
    });
  });

  it('rejects when Redis does, so the scrape counts the failure', async () => {
    const failing: LeaseRedis = {
      set: async () => 'OK',
      eval: async () => {
        throw new Error('Connection is closed.');
      },
    };
    await expect(readOldestWaitingAge(failing, keys, now)).rejects.toThrow('Connection is closed.');
  });
});
