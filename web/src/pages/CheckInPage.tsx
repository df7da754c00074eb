import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, errorText } from "../api";
import { getSession } from "../session";
import type { CheckInView } from "../types";

/** The browser's barcode reader (Chromium on Android and ChromeOS, Safari 17+); not in TypeScript's DOM types yet. */
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorClass = {
  new (options?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
};

function barcodeDetector(): BarcodeDetectorClass | null {
  const candidate = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  return typeof candidate === "function" && !!navigator.mediaDevices?.getUserMedia ? candidate : null;
}

type Outcome =
  | { kind: "admitted"; view: CheckInView }
  | { kind: "already"; at: string | null; gate: string | null; detail: string }
  | { kind: "refused"; title: string; detail: string };

const gateKey = "tb.checkin.gate";

/** The door: scan a ticket's QR code with the camera (where the browser can) or type its code. */
export function CheckInPage({ url }: { url: URL }) {
  const [eventId, setEventId] = useState(url.searchParams.get("event") ?? "");
  const [gate, setGate] = useState(() => localStorage.getItem(gateKey) ?? "");
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const lastScan = useRef<{ code: string; at: number } | null>(null);
  const Detector = barcodeDetector();

  useEffect(() => {
    document.title = "Check-in · TicketBooking";
  }, []);

  const checkIn = async (scanned: string) => {
    const value = scanned.trim();
    if (!value || !eventId.trim()) return;
    setBusy(true);
    try {
      const { data } = await api<CheckInView>(`/api/admin/events/${encodeURIComponent(eventId.trim())}/check-in`, {
        method: "POST",
        auth: true,
        body: { code: value, gate: gate.trim() || undefined },
      });
      setOutcome({ kind: "admitted", view: data });
      setCode("");
    } catch (e) {
      if (e instanceof ApiError && e.type === "/problems/already-checked-in") {
        const p = e.problem;
        setOutcome({
          kind: "already",
          at: typeof p.firstCheckedInAt === "string" ? p.firstCheckedInAt : null,
          gate: typeof p.firstGate === "string" ? p.firstGate : null,
          detail: e.message,
        });
      } else if (e instanceof ApiError && e.type === "/problems/ticket-revoked") {
        setOutcome({ kind: "refused", title: "Ticket revoked", detail: e.message });
      } else if (e instanceof ApiError && e.type === "/problems/invalid-ticket-code") {
        setOutcome({ kind: "refused", title: "Not a ticket for this event", detail: e.message });
      } else {
        setOutcome({ kind: "refused", title: "Could not check in", detail: errorText(e) });
      }
    } finally {
      setBusy(false);
    }
  };

  // The camera: read a frame every quarter second; the same code is not sent again within three seconds.
  useEffect(() => {
    if (!scanning || !Detector) return;
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const detector = new Detector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        const tick = async () => {
          if (stopped || !video.current) return;
          try {
            const found = await detector.detect(video.current);
            const value = found[0]?.rawValue;
            const now = Date.now();
            if (value && (lastScan.current?.code !== value || now - lastScan.current.at > 3000)) {
              lastScan.current = { code: value, at: now };
              await checkIn(value);
            }
          } catch {
            // A frame that cannot be read yet; try the next one.
          }
          timer = window.setTimeout(() => void tick(), 250);
        };
        void tick();
      })
      .catch(() => {
        setCameraError("The camera could not be opened. Allow it for this site, or type the code below.");
        setScanning(false);
      });
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [scanning, eventId, gate]);

  if (!getSession()) {
    return (
      <section>
        <h1>Check-in</h1>
        <p>
          <a href={`/signin?next=${encodeURIComponent(url.pathname + url.search)}`}>Sign in</a> as the event's organizer or door staff.
        </p>
      </section>
    );
  }

  return (
    <section class="narrow checkin">
      <h1>Check-in</h1>
      <div class="grid2">
        <label>
          Event id
          <input value={eventId} onInput={(e) => setEventId(e.currentTarget.value)} placeholder="evt-…" autoComplete="off" />
        </label>
        <label>
          Gate or device
          <input
            value={gate}
            maxLength={64}
            onInput={(e) => {
              setGate(e.currentTarget.value);
              localStorage.setItem(gateKey, e.currentTarget.value);
            }}
            placeholder="North 2"
          />
        </label>
      </div>

      <div aria-live="assertive" class="checkin-result">
        {outcome?.kind === "admitted" && (
          <div class="admit ok" role="status">
            <strong>Admitted</strong>
            <p>
              Section {outcome.view.section}, row {outcome.view.row}, seat {outcome.view.seat}
            </p>
          </div>
        )}
        {outcome?.kind === "already" && (
          <div class="admit warn" role="alert">
            <strong>Already checked in</strong>
            <p>
              {outcome.at ? `First scanned at ${new Date(outcome.at).toLocaleTimeString()}` : outcome.detail}
              {outcome.gate ? ` at ${outcome.gate}` : ""}.
            </p>
          </div>
        )}
        {outcome?.kind === "refused" && (
          <div class="admit bad" role="alert">
            <strong>{outcome.title}</strong>
            <p>{outcome.detail}</p>
          </div>
        )}
      </div>

      {Detector ? (
        <div class="camera">
          {scanning ? (
            <>
              <video ref={video} muted playsInline aria-label="Camera" />
              <button type="button" class="secondary" onClick={() => setScanning(false)}>
                Stop the camera
              </button>
            </>
          ) : (
            <button type="button" disabled={!eventId.trim()} onClick={() => { setCameraError(null); setScanning(true); }}>
              Scan with the camera
            </button>
          )}
          {cameraError && <p class="muted">{cameraError}</p>}
        </div>
      ) : (
        <p class="muted small">This browser cannot read QR codes from the camera; type or paste each ticket's code.</p>
      )}

      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void checkIn(code);
        }}
      >
        <label>
          Ticket code
          <input value={code} onInput={(e) => setCode(e.currentTarget.value)} placeholder="T1.…" autoComplete="off" spellcheck={false} />
        </label>
        <button type="submit" disabled={busy || !code.trim() || !eventId.trim()}>
          Check in
        </button>
      </form>
    </section>
  );
}
