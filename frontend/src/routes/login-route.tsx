// /login?next=<path>: signs in, then goes to `next` (a path of this app only) or "/".
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../components/session/session-provider';
import { safeNextPath } from '../lib/auth';
import { LoginPage } from '../pages/login';

export function LoginRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const next = params.get('next');
  return (
    <LoginPage
      returning={next !== null}
      onSignIn={async (email, password) => {
        await session.signIn(email, password);
        navigate(safeNextPath(next), { replace: true });
      }}
    />
  );
}
