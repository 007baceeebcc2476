import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorCode, errorFromResponse, isUnauthenticated } from './errors';

function gqlError(code: string, message = 'server says no', extra: Record<string, unknown> = {}) {
  return new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code, ...extra } })] });
}

describe('describeError', () => {
  it('reads the code of the first GraphQL error', () => {
    expect(errorCode(gqlError('NOT_MANAGED'))).toBe('NOT_MANAGED');
  });

  it('uses a fixed sentence for codes whose server message is not meant for people', () => {
    const info = describeError(gqlError('NOT_FOUND', 'account acc_1 not found'));
    expect(info.title).toBe('Not found');
    expect(info.message).toBe('This does not exist, or you do not administer it.');
  });

  it('shows the server message of a rule error as a sentence, with the offending field', () => {
    const info = describeError(gqlError('INVALID_INPUT', 'not a valid email address', { field: 'emails[1]' }));
    expect(info).toMatchObject({ code: 'INVALID_INPUT', message: 'Not a valid email address.', field: 'emails[1]' });
  });

  it('keeps the request id of an internal error', () => {
    const info = describeError(gqlError('INTERNAL', 'internal error (request abc)', { requestId: 'abc' }));
    expect(info.code).toBe('INTERNAL');
    expect(info.requestId).toBe('abc');
    expect(info.message).not.toContain('internal error (request');
  });

  it('treats an answer without any GraphQL error or response as the server being unreachable', () => {
    expect(errorCode(new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toBe('NETWORK');
    expect(errorCode(new TypeError('Failed to fetch'))).toBe('NETWORK');
  });

  it('reads the status of a failed response that had no GraphQL error in it', () => {
    const error = new CombinedError({ networkError: new Error('Unauthorized'), response: { status: 401 } });
    expect(isUnauthenticated(error)).toBe(true);
  });

  it('reads the code and message of a bulk result error', () => {
    const info = describeError({ code: 'INVALID_STATE', message: 'account is not active' });
    expect(info).toMatchObject({ code: 'INVALID_STATE', message: 'Account is not active.' });
  });

  it('lets a caller word a code its own way', () => {
    const info = describeError(new ApiError('UNAUTHENTICATED', 'wrong email or password', 401), {
      UNAUTHENTICATED: 'Wrong email or password.',
    });
    expect(info.message).toBe('Wrong email or password.');
  });

  it('calls an unknown code or a plain error unknown, without showing its text', () => {
    expect(describeError(gqlError('SOMETHING_NEW')).code).toBe('UNKNOWN');
    expect(describeError(new Error('x is undefined')).message).toBe('Something went wrong. Try again.');
    expect(errorCode(null)).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  it('reads the code and message of an /auth error body', async () => {
    const res = new Response(
      JSON.stringify({ errors: [{ message: 'too many attempts', extensions: { code: 'RATE_LIMITED' } }] }),
      { status: 429, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await errorFromResponse(res);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, message: 'too many attempts' });
  });

  it('falls back on the status when the body is not JSON', async () => {
    const error = await errorFromResponse(new Response('bad gateway', { status: 502 }));
    expect(error.code).toBe('INTERNAL');
  });
});
