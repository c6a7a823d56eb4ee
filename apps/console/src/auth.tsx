/**
 * Who is signed in. The session itself is an HttpOnly cookie the console never sees: we only know
 * the user from `GET /api/me`, and we learn that the session ended when any call answers 401.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { api, isAbort, type Me, onUnauthorized, type Permission } from './api/index.ts';

interface AuthContextValue {
  /** undefined while the first /api/me is in flight, null when signed out. */
  me: Me | null | undefined;
  /** Why nobody is signed in: a 401 after sign-in ('expired': /login says so) or 'logout'. */
  signedOut: 'expired' | 'logout' | null;
  signedIn: (me: Me) => void;
  logout: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Where to go back after signing in: only our own paths, never another origin. */
export function safeNext(next: string | null): string {
  // `//host` and `/\host` are protocol-relative URLs to another origin.
  if (
    !next?.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\') ||
    next.startsWith('/login')
  ) {
    return '/';
  }
  return next;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [signedOut, setSignedOut] = useState<AuthContextValue['signedOut']>(null);
  const meRef = useRef<Me | null | undefined>(undefined);

  const update = useCallback((next: Me | null, reason: AuthContextValue['signedOut'] = null) => {
    meRef.current = next;
    setMe(next);
    setSignedOut(reason);
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    api.me(ctrl.signal).then(
      (user) => update(user),
      (err) => {
        if (!isAbort(err)) update(null);
      },
    );
    return () => ctrl.abort();
  }, [update]);

  // A 401 after sign-in means the session expired (idle timeout, revoked, server restart).
  // RequireAuth then sends the user to /login with the notice and the way back.
  useEffect(() => {
    onUnauthorized(() => {
      if (meRef.current) update(null, 'expired');
    });
    return () => onUnauthorized(null);
  }, [update]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      update(null, 'logout');
    }
  }, [update]);

  const value = useMemo<AuthContextValue>(
    () => ({
      me,
      signedOut,
      signedIn: (user: Me) => update(user),
      logout,
      can: (permission) => !!me && me.permissions.includes(permission),
    }),
    [me, signedOut, update, logout],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
