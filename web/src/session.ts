/** The signed-in user: a bearer token with its user id and roles, kept in localStorage. */
export interface Session {
  token: string;
  userId: string;
  roles: string[];
}

const key = "tb.session";
const listeners = new Set<() => void>();

export function getSession(): Session | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function setSession(session: Session | null): void {
  if (session) localStorage.setItem(key, JSON.stringify(session));
  else localStorage.removeItem(key);
  listeners.forEach((l) => l());
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isOrganizer(s: Session | null): boolean {
  return !!s && s.roles.some((r) => r === "organizer" || r === "admin");
}
