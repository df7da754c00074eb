// Builds the web app into dist/: one hashed, minified script and stylesheet, index.html naming them, and the
// static files of public/. Settings for a deployed build come from the environment:
//   API_BASE              origin of the API when it is not the page's own (Static Web Apps -> Functions app)
//   AUTH_MODE             "dev" (local dev sign-in, default) or "entra" (Microsoft Entra ID through MSAL)
//   ENTRA_CLIENT_ID, ENTRA_AUTHORITY, ENTRA_API_SCOPE   the app registration when AUTH_MODE=entra
//   STRIPE_PUBLISHABLE_KEY  loads Stripe.js on the checkout page (the Stripe provider); empty: test cards
import * as esbuild from "esbuild";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const out = "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/assets`, { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: "src/main.tsx" },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  outdir: `${out}/assets`,
  entryNames: "[name]-[hash]",
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((p) => p.replace(`${out}/`, ""));
const script = outputs.find((p) => p.endsWith(".js"));
const style = outputs.find((p) => p.endsWith(".css"));
const env = (name, fallback = "") => (process.env[name] ?? fallback).replace(/"/g, "&quot;");
const config = {
  "api-base": env("API_BASE"),
  "auth-mode": env("AUTH_MODE", "dev"),
  "entra-client-id": env("ENTRA_CLIENT_ID"),
  "entra-authority": env("ENTRA_AUTHORITY"),
  "entra-api-scope": env("ENTRA_API_SCOPE"),
  "stripe-key": env("STRIPE_PUBLISHABLE_KEY"),
};
const meta = Object.entries(config).map(([k, v]) => `<meta name="tb:${k}" content="${v}">`).join("\n    ");
const html = readFileSync("index.html", "utf8")
  .replace("<!--config-->", meta)
  .replace("<!--style-->", `<link rel="stylesheet" href="/${style}">`)
  .replace("<!--script-->", `<script type="module" src="/${script}"></script>`);
writeFileSync(`${out}/index.html`, html);
cpSync("public", out, { recursive: true });

// Static Web Apps: the page may talk to itself, the API's origin, Stripe (only with the Stripe provider) and Entra ID.
const swa = JSON.parse(readFileSync("public/staticwebapp.config.json", "utf8"));
const connect = ["'self'", config["api-base"], config["entra-authority"] ? new URL(config["entra-authority"]).origin : "", "https://api.stripe.com"]
  .filter(Boolean).join(" ");
swa.globalHeaders["content-security-policy"] =
  `default-src 'self'; script-src 'self' https://js.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com; ` +
  `connect-src ${connect}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'`;
writeFileSync(`${out}/staticwebapp.config.json`, JSON.stringify(swa, null, 2));

const gz = gzipSync(readFileSync(`${out}/${script}`), { level: 9 }).length;
console.log(`web: ${script} ${(gz / 1024).toFixed(1)} KiB gzip`);
