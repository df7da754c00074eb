import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { config } from "../config";
import { navigate } from "../router";
import { setSession } from "../session";
import { ErrorNote } from "../components/Common";

interface TokenResponse {
  token: string;
  userId: string;
  roles: string[];
}

/** The local host's development sign-in: any user name and role. In Azure the identity provider signs in instead. */
export function SignInPage({ url }: { url: URL }) {
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState("customer");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = url.searchParams.get("next") || "/";
  document.title = "Sign in · TicketBooking";
  useEffect(() => {
    if (config.authMode === "entra" && url.searchParams.has("code")) {
      void import("../entra").then((m) => m.completeSignIn(url)).then((ok) => ok || setError("The sign-in did not complete. Try again."));
    }
  }, []);

  if (config.authMode === "entra") {
    return (
      <section class="narrow">
        <h1>Sign in</h1>
        <p>Sign in with your Microsoft Entra ID account.</p>
        <ErrorNote message={error} />
        <button type="button" onClick={() => void import("../entra").then((m) => m.signIn(next))}>
          Sign in with Microsoft
        </button>
      </section>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data } = await api<TokenResponse>("/api/dev/token", {
        method: "POST",
        body: { userId: userId.trim(), roles: role === "customer" ? [] : [role] },
      });
      setSession({ token: data.token, userId: data.userId, roles: data.roles });
      navigate(next.startsWith("/") && !next.startsWith("//") ? next : "/", true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>Sign in</h1>
      <p class="muted">Development sign-in: this local service issues a token for any user name you choose.</p>
      <form onSubmit={submit} class="stack">
        <label>
          User name
          <input name="userId" required maxLength={128} pattern="[A-Za-z0-9._@\-]+" autoComplete="username"
            value={userId} onInput={(e) => setUserId(e.currentTarget.value)} />
        </label>
        <label>
          Role
          <select name="role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            <option value="customer">Customer</option>
            <option value="organizer">Organizer</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <ErrorNote message={error} />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
