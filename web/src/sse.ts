import { apiUrl } from "./api";
import { getSession } from "./session";

export interface StreamHandlers {
  /** One server-sent event: its name ("message" when unnamed), its data parsed as JSON, its id. */
  onEvent: (type: string, data: unknown, id: string | null) => void;
  /** The stream is open (again). */
  onOpen?: () => void;
  /** The stream broke; it is retried after the delay given. */
  onDown?: (retryInMs: number) => void;
  /** The server has no such stream (404, 405): the caller falls back to polling. */
  onUnavailable?: () => void;
}

/**
 * Reads a server-sent event stream with fetch (so it can send the bearer token and Last-Event-ID), and reconnects
 * after a drop or the server's end of the stream, resuming from the last id seen. Returns a function that stops it.
 */
export function openStream(path: string, handlers: StreamHandlers, options: { auth?: boolean } = {}): () => void {
  const abort = new AbortController();
  let lastId: string | null = null;
  let retryMs = 1000;
  let failures = 0;

  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      let wait = retryMs;
      try {
        const headers: Record<string, string> = { accept: "text/event-stream" };
        if (lastId !== null) headers["last-event-id"] = lastId;
        const session = getSession();
        if (options.auth && session) headers.authorization = `Bearer ${session.token}`;
        const response = await fetch(apiUrl(path), { headers, signal: abort.signal, cache: "no-store" });
        if (response.status === 404 || response.status === 405) {
          handlers.onUnavailable?.();
          return;
        }
        if (!response.ok || !response.body) {
          const retryAfter = Number(response.headers.get("retry-after"));
          wait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : Math.min(30000, retryMs * 2 ** failures);
          failures++;
        } else {
          failures = 0;
          handlers.onOpen?.();
          await read(response.body);
        }
      } catch {
        if (abort.signal.aborted) return;
        failures++;
        wait = Math.min(30000, retryMs * 2 ** Math.min(failures, 5));
      }
      if (abort.signal.aborted) return;
      handlers.onDown?.(wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  };

  const read = async (body: ReadableStream<Uint8Array>): Promise<void> => {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let type = "";
    let data: string[] = [];
    let id: string | null = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (id !== null) lastId = id;
          if (data.length > 0) {
            let parsed: unknown = null;
            try {
              parsed = JSON.parse(data.join("\n"));
            } catch {
              parsed = data.join("\n");
            }
            handlers.onEvent(type || "message", parsed, id);
          }
          type = "";
          data = [];
          id = null;
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") type = text;
        else if (field === "data") data.push(text);
        else if (field === "id") id = text;
        else if (field === "retry" && /^\d+$/.test(text)) retryMs = Number(text);
      }
    }
  };

  void run();
  return () => abort.abort();
}
