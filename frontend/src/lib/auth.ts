// Sign-in and sign-out against the server's /auth endpoints (JSON, HttpOnly session
// cookie), and the `next` path kept across a trip to the sign-in page.
import { errorFromResponse } from './errors';

/** POST /auth/login; resolves when the session cookie is set, throws an ApiError otherwise. */
export async function signIn(email: string, password: string): Promise<void> {
  const res = await fetch('/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw await errorFromResponse(res);
}

/** POST /auth/logout: ends the session on the server and clears the cookie. */
export async function signOut(): Promise<void> {
  const res = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
  if (!res.ok && res.status !== 401) throw await errorFromResponse(res);
}

/** The sign-in page's URL that comes back to `path` (a path with its query) afterwards. */
export function loginPath(path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/**
 * Where to go after signing in: `next` when it is a path of this app, else "/". Anything
 * that could leave the site (`//host`, `/\host`, `https://…`) or loop back to /login is refused.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f]/.test(next)) return '/';
  const pathOnly = next.split(/[?#]/, 1)[0];
  if (pathOnly === '/login' || pathOnly.startsWith('/login/')) return '/';
  return next;
}
