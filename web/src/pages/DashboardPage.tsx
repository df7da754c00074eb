import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { count, dateTime } from "../format";
import { getSession, isOrganizer } from "../session";
import { openStream } from "../sse";
import type { CancellationProgress, EventView, StreamSnapshot, WaitingRoomView } from "../types";
import { Busy, ErrorNote, Notice } from "../components/Common";

interface Sample {
  at: number;
  waiting: number;
  serving: number;
}

function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The organizer's live view of one event: sold, held and available per section, the waiting room and its controls. */
export function DashboardPage({ eventId }: { eventId: string }) {
  const [event, setEvent] = useState<EventView | null>(null);
  const [room, setRoom] = useState<WaitingRoomView | null>(null);
  const [roomMissing, setRoomMissing] = useState(false);
  const [samples, setSamples] = useState<Sample[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [controls, setControls] = useState({ enabled: false, admitPerMinute: 60, opensAt: "", onSaleAt: "" });
  const [touched, setTouched] = useState(false);
  const [timesTouched, setTimesTouched] = useState(false);
  const base = `/api/event/${encodeURIComponent(eventId)}`;

  const loadRoom = async () => {
    try {
      const { data } = await api<WaitingRoomView>(`${base}/waiting-room`, { cache: "no-cache" });
      setRoom(data);
      setSamples((s) => [...s.slice(-59), { at: Date.now(), waiting: data.waiting, serving: data.serving }]);
      return data;
    } catch {
      setRoomMissing(true);
      return null;
    }
  };

  useEffect(() => {
    api<EventView>(base).then(({ data }) => { setEvent(data); document.title = `${data.name} · Dashboard`; }).catch((e) => setError(errorText(e)));
    void loadRoom().then((r) => r && setControls({ enabled: r.enabled, admitPerMinute: r.admitPerMinute || 60, opensAt: toLocalInput(r.opensAt), onSaleAt: toLocalInput(r.onSaleAt) }));
    const t = setInterval(() => {
      void api<EventView>(base, { cache: "no-cache" }).then(({ data }) => setEvent(data)).catch(() => undefined);
      void loadRoom();
    }, 2000);
    const stop = openStream(`${base}/stream`, {
      onEvent: (type, data) => {
        const counts = type === "snapshot" || type === "seats" ? (data as StreamSnapshot).sections : undefined;
        if (!counts) return;
        setEvent((e) => {
          if (!e) return e;
          const sections = e.sections.map((s) => ({ ...s, ...(counts.find((x) => x.name === s.name) ?? {}) }));
          return { ...e, sections, available: sections.reduce((n, s) => n + s.available, 0) };
        });
      },
      onUnavailable: () => undefined,
    });
    return () => {
      clearInterval(t);
      stop();
    };
  }, [eventId]);

  if (!isOrganizer(getSession())) return <p><a href={`/signin?next=${encodeURIComponent(location.pathname)}`}>Sign in as an organizer</a> to see this dashboard.</p>;
  if (error) return <ErrorNote message={error} />;
  if (!event) return <Busy label="Loading the event…" />;

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(null);
    setSaveError(null);
    try {
      // The room's times are sent only when changed here (once the sale has begun they cannot change); a new room
      // without times opens its queue and its sale now.
      const now = new Date().toISOString();
      const fresh = !room?.onSaleAt;
      const at = (local: string) => (local ? new Date(local).toISOString() : fresh ? now : null);
      const body = {
        enabled: controls.enabled,
        admitPerMinute: Number(controls.admitPerMinute),
        opensAt: timesTouched || fresh ? at(controls.opensAt) : null,
        onSaleAt: timesTouched || fresh ? at(controls.onSaleAt) : null,
      };
      await api(`/api/admin/events/${encodeURIComponent(eventId)}/waiting-room`, { method: "PUT", auth: true, body });
      setSaved("Saved. The waiting room follows the new settings now.");
      setTouched(false);
      setTimesTouched(false);
      await loadRoom();
    } catch (err) {
      setSaveError(errorText(err));
    }
  };

  const sold = event.sections.reduce((n, s) => n + s.booked, 0);
  const held = event.sections.reduce((n, s) => n + s.held, 0);

  return (
    <section class="dashboard">
      <h1>{event.name}</h1>
      <p class="muted">{dateTime(event.startsAt)} · {event.venue.name}, {event.venue.city} · <a href={`/event/${encodeURIComponent(eventId)}`}>Open the buyers' page</a> · <a href={`/checkin?event=${encodeURIComponent(eventId)}`}>Check-in at the door</a></p>
      <div class="stats">
        <div><span>Sold</span><strong data-testid="stat-sold">{count(sold)}</strong></div>
        <div><span>Held</span><strong data-testid="stat-held">{count(held)}</strong></div>
        <div><span>Available</span><strong data-testid="stat-available">{count(event.available)}</strong></div>
        <div><span>In the queue</span><strong data-testid="stat-waiting">{room ? count(room.waiting) : "–"}</strong></div>
        <div><span>Admitted a minute</span><strong data-testid="stat-rate">{room?.admitPerMinute != null ? count(room.admitPerMinute) : "–"}</strong></div>
      </div>

      <h2>Seats per section</h2>
      <SectionChart event={event} />

      <h2>Waiting room</h2>
      {event.status === "cancelled" ? (
        <p class="muted" data-testid="room-closed">The event is cancelled: its sales and its waiting room are closed.</p>
      ) : roomMissing && !room ? (
        <p class="muted">This service has no waiting room.</p>
      ) : (
        <>
          {room && <p>State: <strong data-testid="room-state">{room.state}</strong>{room.enabled && <> · serving up to place {count(room.serving)}</>}</p>}
          <QueueChart samples={samples} />
          <form class="stack room-controls" onSubmit={save}>
            <label class="radio">
              <input type="checkbox" checked={controls.enabled} onChange={(e) => { setControls({ ...controls, enabled: e.currentTarget.checked }); setTouched(true); }} />
              Waiting room on
            </label>
            <div class="grid2">
              <label>Admission rate (people a minute)
                <input type="number" min={1} max={100000} required value={controls.admitPerMinute}
                  onInput={(e) => { setControls({ ...controls, admitPerMinute: Number(e.currentTarget.value) }); setTouched(true); }} />
              </label>
              <label>Queue opens at (empty: now)
                <input type="datetime-local" value={controls.opensAt} onInput={(e) => { setControls({ ...controls, opensAt: e.currentTarget.value }); setTouched(true); setTimesTouched(true); }} />
              </label>
              <label>On sale at (empty: now)
                <input type="datetime-local" value={controls.onSaleAt} onInput={(e) => { setControls({ ...controls, onSaleAt: e.currentTarget.value }); setTouched(true); setTimesTouched(true); }} />
              </label>
            </div>
            {saved && <Notice>{saved}</Notice>}
            <ErrorNote message={saveError} />
            <button type="submit" disabled={!touched}>Save waiting room</button>
          </form>
        </>
      )}

      <Cancellation eventId={eventId} cancelled={event.status === "cancelled"} onCancelled={() => setEvent({ ...event, status: "cancelled" })} />
    </section>
  );
}

/** Cancelling the event (after a confirm step), then the progress of its refunds. */
function Cancellation({ eventId, cancelled, onCancelled }: { eventId: string; cancelled: boolean; onCancelled: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<CancellationProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/admin/events/${encodeURIComponent(eventId)}`;

  useEffect(() => {
    if (!cancelled) return;
    let done = false;
    const poll = async () => {
      try {
        const { data } = await api<CancellationProgress>(`${path}/cancellation`, { auth: true, cache: "no-cache" });
        setProgress(data);
        done = data.state === "completed";
      } catch (e) {
        setError(errorText(e));
      }
    };
    void poll();
    const t = setInterval(() => { if (!done) void poll(); }, 2000);
    return () => clearInterval(t);
  }, [cancelled]);

  const cancel = async () => {
    setError(null);
    try {
      const { data } = await api<CancellationProgress>(`${path}/cancel`, { method: "POST", auth: true });
      setProgress(data);
      setConfirming(false);
      onCancelled();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <>
      <h2>Cancel the event</h2>
      {!cancelled && !confirming && (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>Cancel event…</button>
      )}
      {!cancelled && confirming && (
        <div class="notice" role="alertdialog" aria-label="Confirm the cancellation">
          <p>Sales and the waiting room stop at once and every booking is refunded in full. This cannot be undone.</p>
          <button type="button" class="danger" onClick={() => void cancel()}>Yes, cancel the event</button>{" "}
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>Keep the event</button>
        </div>
      )}
      {cancelled && progress && (
        <div role="status" data-testid="cancellation-progress">
          <p>
            {progress.state === "completed" ? "Cancelled: refunds finished." : "Cancelled: refunding…"}{" "}
            <strong>{count(progress.refunded)}</strong> of {count(progress.total)} bookings refunded
            {progress.failed > 0 && <>, <strong>{count(progress.failed)}</strong> failed</>}.
          </p>
          <progress max={Math.max(1, progress.total)} value={progress.refunded + progress.failed} />
          {progress.failures.length > 0 && (
            <ul class="plain small" aria-label="Failed refunds">
              {progress.failures.map((f) => <li>{f.bookingId}: {f.reason}</li>)}
            </ul>
          )}
        </div>
      )}
      <ErrorNote message={error} />
    </>
  );
}

/** A stacked bar per section: sold, held, available. */
function SectionChart({ event }: { event: EventView }) {
  const barH = event.sections.length > 8 ? 14 : 22;
  const gap = event.sections.length > 8 ? 5 : 8;
  const labelW = 70;
  const width = 600;
  const height = event.sections.length * (barH + gap);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={event.sections.map((s) => `Section ${s.name}: ${s.booked} sold, ${s.held} held, ${s.available} available`).join("; ")}>
        {event.sections.map((s, i) => {
          const y = i * (barH + gap);
          const scale = (width - labelW - 60) / Math.max(1, s.capacity);
          const wb = s.booked * scale;
          const wh = s.held * scale;
          const wa = s.available * scale;
          return (
            <g>
              <text x={0} y={y + barH - 3} class="axis">{s.name}</text>
              <rect x={labelW} y={y} width={wb} height={barH} class="bar-booked" />
              <rect x={labelW + wb} y={y} width={wh} height={barH} class="bar-held" />
              <rect x={labelW + wb + wh} y={y} width={wa} height={barH} class="bar-available" />
              <text x={width - 55} y={y + barH - 3} class="axis">{Math.round((100 * s.booked) / Math.max(1, s.capacity))}% sold</text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span class="swatch booked" /> sold <span class="swatch held" /> held <span class="swatch available" /> available
      </figcaption>
    </figure>
  );
}

/** The queue over the last two minutes: people waiting, and the admitted position climbing. */
function QueueChart({ samples }: { samples: Sample[] }) {
  if (samples.length < 2) return null;
  const width = 600;
  const height = 140;
  const max = Math.max(1, ...samples.map((s) => Math.max(s.waiting, s.serving)));
  const t0 = samples[0]!.at;
  const t1 = samples[samples.length - 1]!.at;
  const x = (t: number) => ((t - t0) / Math.max(1, t1 - t0)) * (width - 10) + 5;
  const y = (v: number) => height - 20 - (v / max) * (height - 30);
  const line = (pick: (s: Sample) => number) => samples.map((s) => `${x(s.at).toFixed(1)},${y(pick(s)).toFixed(1)}`).join(" ");
  const last = samples[samples.length - 1]!;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Queue: ${last.waiting} waiting, admitted up to place ${last.serving}`}>
        <line x1={5} y1={height - 20} x2={width - 5} y2={height - 20} class="grid-line" />
        <polyline points={line((s) => s.waiting)} class="line-waiting" fill="none" />
        <polyline points={line((s) => s.serving)} class="line-serving" fill="none" />
        <text x={width - 5} y={12} text-anchor="end" class="axis">max {count(max)}</text>
        <text x={5} y={height - 4} class="axis">{Math.round((t1 - t0) / 1000)} s ago</text>
        <text x={width - 40} y={height - 4} class="axis">now</text>
      </svg>
      <figcaption><span class="swatch waiting" /> waiting <span class="swatch serving" /> admitted up to place</figcaption>
    </figure>
  );
}
