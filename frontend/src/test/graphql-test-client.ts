// A urql client for unit tests that answers each operation by its name from fixtures,
// by executing the real document against the server's schema (graph/*.graphqls). So a
// fixture that does not match the document or the schema (a missing non-null field, an
// unknown enum value, a wrong type) fails the test instead of passing silently.
//
//   const client = createTestClient({
//     MembersListQuery: {
//       organization: ({ id }) => ({ id, name: 'Acme', managedAccounts: { ... } }),
//     },
//     DeactivateAccountMutation: {
//       deactivateAccount: () => { throw codeError('NOT_MANAGED', 'not managed'); },
//     },
//   });
//
// A fixture is the root value of the operation: fields are plain values or functions of
// the field's arguments; an object of an interface or union type needs `__typename`.
// Throw codeError(...) to answer an error with an extensions.code.
import { Client, makeErrorResult, makeResult, type Exchange, type Operation, type OperationResult } from '@urql/core';
import { execute, GraphQLError, type ExecutionResult } from 'graphql';
import { filter, fromPromise, map, merge, mergeMap, pipe, share } from 'wonka';
import type { ErrorCode } from '../lib/errors';
import { serverSchema } from '../lib/schema';

export type Fixture = Record<string, unknown>;
export type Fixtures = Record<string, Fixture | ((variables: Record<string, unknown>) => Fixture)>;

/** An error as the server sends it: a message and an extensions.code (and field). */
export function codeError(code: ErrorCode, message = code.toLowerCase(), field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: field ? { code, field } : { code } });
}

export interface TestClient extends Client {
  /** The operations the client was asked, in order: name and variables. */
  calls: { name: string; variables: Record<string, unknown> }[];
}

export function createTestClient(fixtures: Fixtures): TestClient {
  const calls: TestClient['calls'] = [];
  const fixtureExchange: Exchange = () => (ops$) => {
    const shared = pipe(ops$, share);
    return merge([
      pipe(
        shared,
        filter((op) => op.kind === 'query' || op.kind === 'mutation'),
        mergeMap((op) => fromPromise(answer(op))),
      ),
      pipe(
        shared,
        filter((op) => op.kind === 'subscription'),
        map((op) => makeErrorResult(op, new Error('subscriptions are not used'))),
      ),
    ]);
  };

  async function answer(op: Operation): Promise<OperationResult> {
    const name = operationName(op);
    const variables = (op.variables ?? {}) as Record<string, unknown>;
    calls.push({ name, variables });
    const fixture = fixtures[name];
    if (!fixture) {
      return makeErrorResult(op, new Error(`no fixture for operation ${name}; fixtures: ${Object.keys(fixtures).join(', ')}`));
    }
    const rootValue = typeof fixture === 'function' ? fixture(variables) : fixture;
    const result = (await execute({
      schema: serverSchema(),
      document: op.query,
      rootValue,
      variableValues: variables,
      fieldResolver: fixtureFieldResolver,
    })) as ExecutionResult;
    return makeResult(op, { data: result.data ?? null, errors: result.errors?.map((e) => e.toJSON()) });
  }

  const client = new Client({ url: '/query', exchanges: [fixtureExchange] }) as TestClient;
  client.calls = calls;
  return client;
}

function operationName(op: Operation): string {
  for (const def of op.query.definitions) {
    if (def.kind === 'OperationDefinition' && def.name) return def.name.value;
  }
  throw new Error('test client: operations must be named');
}

// Like graphql-js's default resolver, but calls a function with the arguments only.
function fixtureFieldResolver(source: unknown, args: Record<string, unknown>, _ctx: unknown, info: { fieldName: string }) {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[info.fieldName];
  return typeof value === 'function' ? (value as (a: Record<string, unknown>) => unknown)(args) : value;
}
