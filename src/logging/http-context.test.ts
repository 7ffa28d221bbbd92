import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiKeyPrefix, requestIdOf } from './http-context.js';

function request(headers: Record<string, string | string[]>): IncomingMessage {
  const message = new IncomingMessage(new Socket());
  message.headers = headers as IncomingMessage['headers'];
  return message;
}

describe('requestIdOf', () => {
  it('keeps a valid incoming x-request-id', () => {
    expect(requestIdOf(request({ 'x-request-id': 'edge-7f3a:12/b+c=' }))).toBe('edge-7f3a:12/b+c=');
  });

  it.each([['with spaces'], ['<script>'], ['x'.repeat(129)], ['']])('replaces %j with a UUID', (incoming) => {
    expect(requestIdOf(request({ 'x-request-id': incoming }))).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('apiKeyPrefix', () => {
  it('shows at most 8 characters and at most a quarter of the key', () => {
    expect(apiKeyPrefix(request({ 'x-api-key': 'sk_live_4f9a8b7c6d5e4f3a2b1c0d9e' }))).toBe('sk_live_');
    expect(apiKeyPrefix(request({ 'x-api-key': 'abcdefghijkl' }))).toBe('abc');
    expect(apiKeyPrefix(request({ authorization: 'Bearer tok_0123456789abcdef' }))).toBe('tok_0');
  });

  it('shows nothing for short keys, other schemes or no key', () => {
    expect(apiKeyPrefix(request({ 'x-api-key': 'short' }))).toBeUndefined();
    expect(apiKeyPrefix(request({ authorization: 'Basic dXNlcjpwYXNzd29yZA==' }))).toBeUndefined();
    expect(apiKeyPrefix(request({}))).toBeUndefined();
  });

  it('uses the first of repeated headers', () => {
    expect(apiKeyPrefix(request({ 'x-api-key': ['sk_test_aaaaaaaaaaaaaaaaaaaaaaaa', 'other'] }))).toBe('sk_test_');
  });
});
