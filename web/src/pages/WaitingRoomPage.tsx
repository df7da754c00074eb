import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, errorText } from "../api";
import { count, dateTime, duration, plural } from "../format";
import { navigate } from "../router";
import { getSession } from "../session";
import { openStream } from "../sse";
import type { EventView, QueueEntry, WaitingRoomView } from "../types";
import { fetchRoom, getPass, getQueueId, isWaitingList, setPass, setQueueId } from "../waiting";
import { Busy, ErrorNote } from "../components/Common";

/**
 * The waiting room, and the waiting list of a sold-out event (the same queue): joins the event's queue (or finds the
 * place this browser already has), follows the queue stream (polling when it is not there), and moves on to the event
 * with the pass once admitted.
 */
export function WaitingRoomPage({ eventId }: { eventId: string }) {
  const [event, setEvent] = useState<EventView | null>(null);
  const [room, setRoom] = useState<WaitingRoomView | null>(null);
  const [entry, setEntry] = useState<QueueEntry | null>(null);
  const [error, setError] = useState<string | null>(null);
  const firstAhead = useRef<number | null>(null);
  const base = `/api/event/${encodeURIComponent(eventId)}`;
  const eventPath = `/event/${encodeURIComponent(eventId)}`;

  const accept = (e: QueueEntry) => {
    setEntry(e);
    if (e.status === "admitted" && e.pass && e.passExpiresAt) {
      setPass(eventId, e.pass, e.passExpiresAt);
      navigate(eventPath, true);
    }
  };

  useEffect(() => {
    if (!getSession()) {
      navigate(`/signin?next=${encodeURIComponent(`${eventPath}/queue`)}`, true);
      return;
    }
    if (getPass(eventId)) {
      navigate(eventPath, true);
      return;
    }
    let stopStream: (() => void) | null = null;
    let poll: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const abort = new AbortController();

    const pollOnce = async (queueId: string) => {
      let wait = 2000;
      try {
        const { data, headers } = await api<QueueEntry>(`${base}/queue/${encodeURIComponent(queueId)}`, { auth: true, signal: abort.signal });
        accept(data);
        const hint = Number(headers.get("retry-after"));
        if (Number.isFinite(hint) && hint > 0) wait = Math.min(10000, hint * 1000);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) {
          setQueueId(eventId, null);
          void join();
          return;
        }
      }
      if (!stopped) poll = setTimeout(() => void pollOnce(queueId), wait);
    };

    const follow = (queueId: string) => {
      stopStream = openStream(`${base}/queue/${encodeURIComponent(queueId)}/stream`, {
        onEvent: (_type, data) => {
          if (data && typeof data === "object" && "status" in data) accept({ queueId, ...(data as Omit<QueueEntry, "queueId">) });
        },
        onUnavailable: () => void pollOnce(queueId),
        onDown: () => undefined,
      }, { auth: true });
    };

    const join = async () => {
      try {
        const known = getQueueId(eventId);
        if (known) {
          try {
            const { data } = await api<QueueEntry>(`${base}/queue/${encodeURIComponent(known)}`, { auth: true, signal: abort.signal });
            if (data.status !== "expired") {
              accept(data);
              follow(known);
              return;
            }
          } catch (e) {
            if (!(e instanceof ApiError && e.status === 404)) throw e;
          }
        }
        const { data } = await api<QueueEntry>(`${base}/queue`, { method: "POST", auth: true, signal: abort.signal });
        setQueueId(eventId, data.queueId);
        accept(data);
        follow(data.queueId);
      } catch (e) {
        if (!abort.signal.aborted) setError(errorText(e));
      }
    };

    api<EventView>(base, { signal: abort.signal }).then(({ data }) => setEvent(data)).catch(() => undefined);
    fetchRoom(eventId, abort.signal)
      .then((r) => {
        setRoom(r);
        if (!r) navigate(eventPath, true);
        else void join();
      })
      .catch((e) => abort.signal.aborted || setError(errorText(e)));
    const roomTimer = setInterval(() => void fetchRoom(eventId).then(setRoom).catch(() => undefined), 5000);

    return () => {
      stopped = true;
      abort.abort();
      stopStream?.();
      clearTimeout(poll);
      clearInterval(roomTimer);
    };
  }, [eventId]);

  const list = isWaitingList(room);
  const title = list ? "Waiting list" : "Waiting room";
  useEffect(() => {
    document.title = `${title} · TicketBooking`;
  }, [title]);

  const ahead = entry?.ahead ?? (entry?.position != null && room ? Math.max(0, entry.position - room.serving - 1) : null);
  if (ahead !== null && firstAhead.current === null) firstAhead.current = Math.max(1, ahead);
  const progress = ahead === null || firstAhead.current === null ? 0 : 1 - ahead / firstAhead.current;

  return (
    <section class="narrow waiting">
      <h1>{title}</h1>
      {event && <p class="muted">{event.name} · {dateTime(event.startsAt)}</p>}
      <ErrorNote message={error}><p><a href={eventPath}>Back to the event</a></p></ErrorNote>
      {!entry && !error && <Busy label="Joining the queue…" />}
      {entry && (
        <div class="panel" aria-live="polite">
          <p class="state" data-testid="queue-status">
            {entry.status === "pending" && "You are in. Finding your place in the queue…"}
            {entry.status === "prequeue" && `You are in the queue. The sale opens ${room?.onSaleAt ? dateTime(room.onSaleAt) : "soon"}; places are then drawn at random for everyone who joined before.`}
            {entry.status === "waiting" && (list
              ? "You are on the waiting list. Each seat that comes back goes to the next person in line: keep this page open, it moves on by itself."
              : "You are in the queue. Keep this page open: it moves on by itself.")}
            {entry.status === "admitted" && (list ? "A seat came back for you. Taking you to the seats…" : "It is your turn. Taking you to the seats…")}
            {entry.status === "expired" && "Your turn has passed. Join again to get a new place."}
          </p>
          {entry.position != null && (
            <p>
              Your place: <strong data-testid="queue-position">{count(entry.position)}</strong>
              {ahead !== null && <> · <span data-testid="queue-ahead">{count(ahead)}</span> ahead of you</>}
            </p>
          )}
          {entry.estimatedWaitSeconds != null && entry.status === "waiting" && (
            <p>Estimated wait: <strong>{duration(entry.estimatedWaitSeconds)}</strong></p>
          )}
          {entry.status === "pending" || entry.status === "prequeue" ? (
            <progress aria-label="Queue progress" />
          ) : (
            <progress aria-label="Queue progress" max={1} value={entry.status === "admitted" ? 1 : progress} />
          )}
          {entry.status === "expired" && (
            <button type="button" onClick={() => { setQueueId(eventId, null); location.reload(); }}>Join again</button>
          )}
          {room && !list && <p class="muted small">Letting in {plural(room.admitPerMinute ?? 0, "person", "people")} a minute. Reloading this page keeps your place.</p>}
          {room && list && (
            <p class="muted small">
              {plural(room.waiting, "person", "people")} on the list. A pass lasts {plural(room.passMinutes ?? 10, "minute")}; one not used in
              time goes to the next in line. Reloading this page keeps your place.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
