// The app's urql client: POST /query with the session cookie (the server takes JSON
// POSTs only), and one hook for "the session has ended" so the app can go to sign-in.
import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { isUnauthenticated } from './errors';

export interface GraphQLClientOptions {
  /** Called when any operation answers UNAUTHENTICATED (no session, or it ended). */
  onUnauthenticated: () => void;
  url?: string;
}

export function createGraphQLClient({ onUnauthenticated, url = '/query' }: GraphQLClientOptions): Client {
  return new Client({
    url,
    // The server has no GET transport: queries must be POSTed too.
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) onUnauthenticated();
        },
      }),
      fetchExchange,
    ],
  });
}
