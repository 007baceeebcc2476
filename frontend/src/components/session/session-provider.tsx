// The signed-in session as the app sees it: the urql client (a new one, with an empty
// cache, after every sign-in and sign-out), sign-in and sign-out, and the trip to
// /login?next=<path> whenever the server answers UNAUTHENTICATED.
import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Provider } from 'urql';
import { loginPath, signIn, signOut } from '../../lib/auth';
import { createGraphQLClient } from '../../lib/graphql-client';

export interface Session {
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location);
  useEffect(() => {
    here.current = location;
  }, [location]);

  const newClient = useCallback(
    () =>
      createGraphQLClient({
        onUnauthenticated: () => {
          const { pathname, search, hash } = here.current;
          if (pathname === '/login') return;
          navigate(loginPath(pathname + search + hash), { replace: true });
        },
      }),
    [navigate],
  );
  const [client, setClient] = useState(newClient);

  const session = useMemo<Session>(
    () => ({
      async signIn(email, password) {
        await signIn(email, password);
        setClient(newClient());
      },
      async signOut() {
        try {
          await signOut();
        } finally {
          setClient(newClient());
          navigate('/login', { replace: true });
        }
      },
    }),
    [navigate, newClient],
  );

  return (
    <SessionContext value={session}>
      <Provider value={client}>{children}</Provider>
    </SessionContext>
  );
}
