import { config } from "./config";
import { getSession, setSession } from "./session";

/** An application/problem+json answer, or a failure to reach the API, told in words. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
    readonly problem: Record<string, unknown> = {},
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  auth?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** "no-cache" revalidates a cacheable answer (the organizer's own change must show at once). */
  cache?: RequestCache;
}

export function apiUrl(path: string): string {
  return config.apiBase + path;
}

export async function api<T>(path: string, options: ApiOptions = {}): Promise<{ data: T; status: number; headers: Headers }> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const session = getSession();
  if (options.auth) {
    if (!session) throw new ApiError("Sign in first.", 401, "/problems/unauthorized");
    headers.authorization = `Bearer ${session.token}`;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
      cache: options.cache ?? "default",
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError("The service cannot be reached. Check the connection and try again.", 0, "network");
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && options.auth) setSession(null);
    throw toError(response, data);
  }
  return { data: data as T, status: response.status, headers: response.headers };
}

/** A signed-in binary answer (a ticket's QR code image), as a Blob; problems throw as for {@link api}. */
export async function apiBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const session = getSession();
  if (!session) throw new ApiError("Sign in first.", 401, "/problems/unauthorized");
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { headers: { authorization: `Bearer ${session.token}` }, signal: signal ?? null });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError("The service cannot be reached. Check the connection and try again.", 0, "network");
  }
  if (!response.ok) {
    const text = await response.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (response.status === 401) setSession(null);
    throw toError(response, data);
  }
  return response.blob();
}

function toError(response: Response, body: unknown): ApiError {
  const p = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const type = typeof p.type === "string" ? p.type : `/status/${response.status}`;
  const retryHeader = Number(response.headers.get("retry-after"));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null;
  return new ApiError(describe(response.status, type, p, retryAfter), response.status, type, p, retryAfter);
}

/** Words for a problem: the server's detail when it has one, with field errors listed; never raw JSON. */
export function describe(status: number, type: string, p: Record<string, unknown>, retryAfter: number | null): string {
  const detail = typeof p.detail === "string" && p.detail ? p.detail : "";
  const title = typeof p.title === "string" && p.title ? p.title : "";
  const errors = p.errors && typeof p.errors === "object" ? (p.errors as Record<string, string[]>) : null;
  switch (type) {
    case "/problems/unauthorized":
      return "Your sign-in has expired or is missing. Sign in again.";
    case "/problems/forbidden":
      return detail || "Your account is not allowed to do this.";
    case "/problems/rate-limited":
      return `Too many requests. Try again in ${retryAfter ?? 1} second${retryAfter === 1 ? "" : "s"}.`;
    case "/problems/tickets-unavailable":
      return "Someone else has just taken one of those seats. Pick others.";
    case "/problems/reservation-expired":
      return "The hold has expired: the seats were released and nothing was charged.";
  }
  if (errors && Object.keys(errors).length > 0) {
    return Object.values(errors).flat().join(" ");
  }
  if (detail) return readableTimes(detail);
  if (title) return title;
  if (status >= 500) return "Something went wrong on our side. Try again in a moment.";
  return `The request failed (${status}).`;
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return "Something went wrong. Try again.";
}

/** ISO timestamps in a server's detail, shown as local times. */
function readableTimes(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  });
}
