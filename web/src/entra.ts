import { config } from "./config";
import { navigate } from "./router";
import { setSession } from "./session";

/**
 * Sign-in with Microsoft Entra ID (authorization code flow with PKCE, no client secret): the browser gets an access
 * token for the API's scope and sends it as a bearer token; the API validates it as any OIDC token (Auth:Authority).
 * Loaded only when the build sets AUTH_MODE=entra.
 */
function base64Url(bytes: Uint8Array): string {
  let s = "";
  bytes.forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function signIn(next: string): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem("tb.pkce", JSON.stringify({ verifier, state, next }));
  const url = new URL(`${config.entraAuthority.replace(/\/$/, "")}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: config.entraClientId,
    response_type: "code",
    redirect_uri: `${location.origin}/signin`,
    scope: `openid profile ${config.entraApiScope}`,
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
  }).toString();
  location.assign(url.toString());
}

/** Finishes a redirect back to /signin?code=...: trades the code for tokens and keeps the access token. */
export async function completeSignIn(url: URL): Promise<boolean> {
  const code = url.searchParams.get("code");
  const saved = JSON.parse(sessionStorage.getItem("tb.pkce") ?? "null") as { verifier: string; state: string; next: string } | null;
  if (!code || !saved || url.searchParams.get("state") !== saved.state) return false;
  sessionStorage.removeItem("tb.pkce");
  const response = await fetch(`${config.entraAuthority.replace(/\/$/, "")}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: config.entraClientId,
      grant_type: "authorization_code",
      code,
      redirect_uri: `${location.origin}/signin`,
      code_verifier: saved.verifier,
      scope: `openid profile ${config.entraApiScope}`,
    }),
  });
  if (!response.ok) return false;
  const tokens = (await response.json()) as { access_token: string; id_token?: string };
  const claims = JSON.parse(atob(tokens.access_token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as {
    oid?: string; sub?: string; preferred_username?: string; roles?: string[];
  };
  setSession({ token: tokens.access_token, userId: claims.preferred_username ?? claims.oid ?? claims.sub ?? "", roles: claims.roles ?? [] });
  navigate(saved.next, true);
  return true;
}
