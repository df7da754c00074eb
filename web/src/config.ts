/** Build-time settings, written into index.html as <meta name="tb:..."> by build.mjs. */
function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="tb:${name}"]`)?.content ?? "";
}

export const config = {
  apiBase: meta("api-base").replace(/\/$/, ""),
  authMode: meta("auth-mode") === "entra" ? "entra" : "dev",
  entraClientId: meta("entra-client-id"),
  entraAuthority: meta("entra-authority"),
  entraApiScope: meta("entra-api-scope"),
  stripeKey: meta("stripe-key"),
} as const;
