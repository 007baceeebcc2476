// One place that turns any error the app meets (a urql CombinedError, a failed
// /auth/* response, a BulkError of a bulk mutation, a thrown Error) into what a person
// should read, chosen by the server's extensions.code (PRODUCT.md §4).
import type { CombinedError } from '@urql/core';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'NOT_MANAGED'
  | 'INVALID_INPUT'
  | 'INVALID_STATE'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  // Not from the server: the request did not get an answer, or the answer had no code.
  | 'NETWORK'
  | 'UNKNOWN';

export interface ErrorInfo {
  code: ErrorCode;
  /** A short heading, e.g. for an Alert title. */
  title: string;
  /** The sentence to show. */
  message: string;
  /** The offending input of an INVALID_INPUT error, e.g. `emails[1]`. */
  field?: string;
  /** The server's request id of an INTERNAL error, to quote to an operator. */
  requestId?: string;
}

/** Messages to use instead of the defaults for some codes, e.g. on the sign-in form. */
export type ErrorMessages = Partial<Record<ErrorCode, string>>;

const titles: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Signed out',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  NOT_MANAGED: 'Account not managed by your organization',
  INVALID_INPUT: 'Check your input',
  INVALID_STATE: 'Not possible right now',
  CONFLICT: 'Already exists',
  RATE_LIMITED: 'Too many attempts',
  INTERNAL: 'Something went wrong',
  GRAPHQL_PARSE_FAILED: 'Invalid request',
  GRAPHQL_VALIDATION_FAILED: 'Invalid request',
  NETWORK: 'Server unreachable',
  UNKNOWN: 'Something went wrong',
};

// Codes whose server message is written for people and says exactly what is wrong
// (a rule's message): shown as they are. The others get a fixed sentence.
const serverWorded = new Set<ErrorCode>(['INVALID_INPUT', 'INVALID_STATE', 'CONFLICT']);

const defaults: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'Your admin role does not allow this.',
  NOT_FOUND: 'This does not exist, or you do not administer it.',
  NOT_MANAGED:
    'Your organization does not manage this account, so it cannot change it. You can suggest changes instead.',
  INVALID_INPUT: 'Some of the input is not valid.',
  INVALID_STATE: 'This action is not possible in the current state.',
  CONFLICT: 'This conflicts with something that already exists.',
  RATE_LIMITED: 'Too many attempts. Wait a minute and try again.',
  INTERNAL: 'The server could not complete this. Try again; if it keeps failing, tell your operator.',
  GRAPHQL_PARSE_FAILED: 'The server could not read this request.',
  GRAPHQL_VALIDATION_FAILED: 'The server did not accept this request.',
  NETWORK: 'Cannot reach the server. Check your connection and try again.',
  UNKNOWN: 'Something went wrong. Try again.',
};

const knownCodes = new Set<string>(Object.keys(titles));

/** An error answered by the server outside GraphQL (for example by POST /auth/login). */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;
  readonly requestId?: string;

  constructor(code: ErrorCode, message: string, status: number, field?: string, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
    this.requestId = requestId;
  }
}

interface RawError {
  message?: unknown;
  extensions?: { code?: unknown; field?: unknown; requestId?: unknown } | null;
}

/** Reads the `{"errors": [...]}` body of a failed non-GraphQL response into an ApiError. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let first: RawError | undefined;
  try {
    const body = (await res.json()) as { errors?: RawError[] };
    first = body.errors?.[0];
  } catch {
    // not JSON: fall back on the status
  }
  const code = toCode(first?.extensions?.code) ?? (res.status === 401 ? 'UNAUTHENTICATED' : statusCode(res.status));
  return new ApiError(
    code,
    typeof first?.message === 'string' ? first.message : res.statusText,
    res.status,
    str(first?.extensions?.field),
    str(first?.extensions?.requestId),
  );
}

/** The code of an error, or undefined when it is not an error. */
export function errorCode(error: unknown): ErrorCode | undefined {
  return error == null ? undefined : describeError(error).code;
}

/** What to show for an error; `messages` replaces the default sentence of some codes. */
export function describeError(error: unknown, messages: ErrorMessages = {}): ErrorInfo {
  const raw = extract(error);
  const message =
    messages[raw.code] ?? (serverWorded.has(raw.code) && raw.serverMessage ? sentence(raw.serverMessage) : defaults[raw.code]);
  const info: ErrorInfo = { code: raw.code, title: titles[raw.code], message };
  if (raw.field) info.field = raw.field;
  if (raw.requestId) info.requestId = raw.requestId;
  return info;
}

/** True when the error means the session is missing or has ended. */
export function isUnauthenticated(error: unknown): boolean {
  return extract(error).code === 'UNAUTHENTICATED';
}

interface Extracted {
  code: ErrorCode;
  serverMessage?: string;
  field?: string;
  requestId?: string;
}

function extract(error: unknown): Extracted {
  if (isCombinedError(error)) {
    const first = error.graphQLErrors[0] as RawError | undefined;
    if (first) return fromRaw(first);
    const status = (error.response as { status?: number } | undefined)?.status;
    if (status === 401) return { code: 'UNAUTHENTICATED' };
    if (status && status >= 400) return { code: statusCode(status) };
    return { code: 'NETWORK' };
  }
  if (error instanceof ApiError) {
    return { code: error.code, serverMessage: error.message, field: error.field, requestId: error.requestId };
  }
  if (error instanceof TypeError) {
    // fetch rejects with a TypeError when there is no answer at all
    return { code: 'NETWORK' };
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as RawError & { code?: unknown };
    // a BulkError { code, message } of bulk mutations
    if (typeof e.code === 'string') {
      return { code: toCode(e.code) ?? 'UNKNOWN', serverMessage: str(e.message) };
    }
    // a GraphQL error object { message, extensions }
    if (e.extensions) return fromRaw(e);
  }
  return { code: 'UNKNOWN' };
}

function fromRaw(e: RawError): Extracted {
  return {
    code: toCode(e.extensions?.code) ?? 'UNKNOWN',
    serverMessage: str(e.message),
    field: str(e.extensions?.field),
    requestId: str(e.extensions?.requestId),
  };
}

function isCombinedError(error: unknown): error is CombinedError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'CombinedError' &&
    Array.isArray((error as { graphQLErrors?: unknown }).graphQLErrors)
  );
}

function toCode(value: unknown): ErrorCode | undefined {
  return typeof value === 'string' && knownCodes.has(value) ? (value as ErrorCode) : undefined;
}

function statusCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'INTERNAL';
  return 'UNKNOWN';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// Server messages are lower-case fragments ("email already in use"); show them as a sentence.
function sentence(message: string): string {
  const trimmed = message.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
