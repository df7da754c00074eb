import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, errorText } from "../api";
import { reserve } from "../booking";
import { count, dateTime, money, plural } from "../format";
import { navigate } from "../router";
import { getSession } from "../session";
import { openStream } from "../sse";
import type { EventView, SectionCounts, SeatStatus, SectionTickets, SectionView, StreamSeats, StreamSnapshot, Ticket, WaitingRoomView } from "../types";
import { fetchRoom, getPass, isWaitingList } from "../waiting";
import { Busy, ErrorNote } from "../components/Common";
import { Legend, SectionSeats, VenueMap } from "../components/SeatMap";

const maxPick = 8;

/** The event with the stream's per-section counts applied. */
function withCounts(e: EventView, counts: SectionCounts[]): EventView {
  const sections = e.sections.map((s) => {
    const n = counts.find((x) => x.name.toLowerCase() === s.name.toLowerCase());
    return n ? { ...s, available: n.available, held: n.held, booked: n.booked } : s;
  });
  return { ...e, sections, available: sections.reduce((n, s) => n + s.available, 0) };
}
type Live = "connecting" | "live" | "polling" | "reconnecting";

export function EventPage({ eventId }: { eventId: string }) {
  const [event, setEvent] = useState<EventView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [room, setRoom] = useState<WaitingRoomView | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [tickets, setTickets] = useState<SectionTickets | null>(null);
  const [statuses, setStatuses] = useState<Map<string, SeatStatus>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [active, setActive] = useState<string | null>(null);
  const [live, setLive] = useState<Live>("connecting");
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [bestSection, setBestSection] = useState("");
  const [bestQty, setBestQty] = useState(2);
  const openRef = useRef<string | null>(null);
  openRef.current = open;
  const path = `/api/event/${encodeURIComponent(eventId)}`;

  const loadEvent = async (signal?: AbortSignal) => {
    const { data } = await api<EventView>(path, signal ? { signal } : {});
    setEvent(data);
    return data;
  };

  const loadSection = async (name: string, signal?: AbortSignal) => {
    const { data } = await api<SectionTickets>(`${path}/tickets?section=${encodeURIComponent(name)}`, signal ? { signal } : {});
    if (openRef.current !== name) return;
    setTickets(data);
    setStatuses(new Map(data.tickets.map((t) => [t.ticketId, t.status])));
  };

  // The event, its waiting room, and the first section to show.
  useEffect(() => {
    const abort = new AbortController();
    setEvent(null);
    setError(null);
    loadEvent(abort.signal)
      .then((e) => {
        document.title = `${e.name} · TicketBooking`;
        const first = [...e.sections].sort((a, b) => b.available - a.available)[0];
        setBestSection(first?.name ?? "");
        if (e.sections.length === 1 && first) setOpen(first.name);
      })
      .catch((e) => abort.signal.aborted || setError(errorText(e)));
    fetchRoom(eventId, abort.signal).then(setRoom).catch(() => setRoom(null));
    // The room's state (and a sold-out event's list length) moves on by itself: look again now and then.
    const roomTimer = setInterval(() => void fetchRoom(eventId, abort.signal).then(setRoom).catch(() => undefined), 10000);
    return () => {
      clearInterval(roomTimer);
      abort.abort();
    };
  }, [eventId]);

  // The open section's seats.
  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    setTickets(null);
    loadSection(open, abort.signal).catch((e) => abort.signal.aborted || setError(errorText(e)));
    return () => abort.abort();
  }, [open, eventId]);

  // Live updates: the event stream; polling when the service has none or while it reconnects.
  useEffect(() => {
    let refresh: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    const refreshCounts = () => {
      clearTimeout(refresh);
      refresh = setTimeout(() => void loadEvent().catch(() => undefined), 1000);
    };
    const startPolling = () => {
      if (poll) return;
      poll = setInterval(() => {
        void loadEvent().catch(() => undefined);
        if (openRef.current) void loadSection(openRef.current).catch(() => undefined);
      }, 3000);
    };
    const stopPolling = () => {
      clearInterval(poll);
      poll = undefined;
    };
    const stop = openStream(`${path}/stream`, {
      onOpen: () => {
        stopPolling();
        setLive("live");
      },
      onDown: () => {
        setLive("reconnecting");
        startPolling();
      },
      onUnavailable: () => {
        setLive("polling");
        startPolling();
      },
      onEvent: (type, data) => {
        if (type === "snapshot") {
          setEvent((e) => e && withCounts(e, (data as StreamSnapshot).sections));
          if (openRef.current) void loadSection(openRef.current).catch(() => undefined);
        } else if (type === "seats") {
          const { changes, sections } = data as StreamSeats;
          setStatuses((m) => {
            const next = new Map(m);
            for (const c of changes) if (next.has(c.ticketId)) next.set(c.ticketId, c.status);
            return next;
          });
          setSelected((sel) => {
            if (!changes.some((c) => sel.has(c.ticketId) && c.status !== "available")) return sel;
            const next = new Set(sel);
            for (const c of changes) if (c.status !== "available") next.delete(c.ticketId);
            return next;
          });
          if (sections) setEvent((e) => e && withCounts(e, sections));
          else refreshCounts();
        }
      },
    });
    return () => {
      stop();
      stopPolling();
      clearTimeout(refresh);
    };
  }, [eventId]);

  if (error && !event) return <ErrorNote message={error}><p><a href="/">Back to the events</a></p></ErrorNote>;
  if (!event) return <Busy label="Loading the event…" />;

  const section = event.sections.find((s) => s.name === open) ?? null;
  const picked = tickets ? tickets.tickets.filter((t) => selected.has(t.ticketId)) : [];
  const total = picked.reduce((n, t) => n + t.price, 0);
  const currency = event.sections[0]?.currency ?? "USD";
  const needsQueue = room !== null && getPass(eventId) === null;
  const list = isWaitingList(room);
  const joinLabel = list ? "Join the waiting list" : "Join the waiting room";
  const bookable = event.status === "scheduled";

  const toggle = (t: Ticket) => {
    setActionError(null);
    const status = statuses.get(t.ticketId) ?? t.status;
    setSelected((sel) => {
      const next = new Set(sel);
      if (next.has(t.ticketId)) next.delete(t.ticketId);
      else if (status !== "available") setActionError(`Row ${t.row}, seat ${t.seat} is not available.`);
      else if (next.size >= maxPick) setActionError(`You can pick up to ${maxPick} seats.`);
      else next.add(t.ticketId);
      return next;
    });
  };

  const hold = async (body: Parameters<typeof reserve>[0]) => {
    if (!getSession()) {
      navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
      return;
    }
    if (needsQueue) {
      navigate(`/event/${encodeURIComponent(eventId)}/queue`);
      return;
    }
    setBusy(true);
    setActionError(null);
    try {
      const r = await reserve(body);
      navigate(`/checkout/${encodeURIComponent(r.reservationId)}`);
    } catch (e) {
      if (e instanceof ApiError && e.type === "/problems/queue-pass-required") {
        navigate(`/event/${encodeURIComponent(eventId)}/queue`);
        return;
      }
      if (e instanceof ApiError && e.type === "/problems/tickets-unavailable") {
        const taken = (e.problem.unavailableTicketIds as string[] | undefined) ?? [];
        setSelected((sel) => new Set([...sel].filter((id) => !taken.includes(id))));
        if (open) void loadSection(open).catch(() => undefined);
      }
      setActionError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="event">
      <header class="event-head">
        <p class="chip">{event.category}</p>
        <h1>{event.name}</h1>
        <p class="muted">
          {event.performers.join(", ")} · {dateTime(event.startsAt)} · {event.venue.name}, {event.venue.city}
        </p>
        {event.description && <p>{event.description}</p>}
        <p>
          <strong data-testid="event-available">{count(event.available)}</strong> of {count(event.capacity)} seats available
          <span class={`live-state ${live}`} role="status" aria-live="off">
            {live === "live" ? "Live" : live === "polling" ? "Updates every few seconds" : live === "reconnecting" ? "Reconnecting…" : "Connecting…"}
          </span>
        </p>
        {event.status === "creating" && <p class="notice">This event is still being set up; seats can be booked once it is ready.</p>}
        {event.status === "cancelled" && (
          <p class="notice" role="status" data-testid="cancelled-note">This event was cancelled by its organizer. Every booking is refunded in full.</p>
        )}
        {room && !list && (
          <p class="notice" data-testid="room-note">
            {needsQueue
              ? "A waiting room is open for this event: join the queue to book, you will be let in by turn."
              : "You have been let in from the waiting room. Pick your seats."}
            {needsQueue && (
              <>
                {" "}
                <a class="button" href={`/event/${encodeURIComponent(eventId)}/queue`}>{joinLabel}</a>
              </>
            )}
          </p>
        )}
        {room && list && bookable && (
          <p class="notice" data-testid="list-note">
            {needsQueue ? (
              <>
                <strong>Sold out.</strong> Seats that come back (cancelled or refunded bookings, holds that run out) go to the
                people on the waiting list, one seat each, in order.{" "}
                {room.waiting > 0 && <span data-testid="list-length">{plural(room.waiting, "person is", "people are")} waiting. </span>}
                <a class="button" href={`/event/${encodeURIComponent(eventId)}/queue`}>{joinLabel}</a>
              </>
            ) : (
              "A seat came back for you from the waiting list. Pick it and hold it before your pass runs out."
            )}
          </p>
        )}
      </header>

      <div class="event-body">
        <div class="map-col">
          <h2>Seat map</h2>
          <VenueMap sections={event.sections} open={open} onOpen={(n) => { setOpen(n === open ? null : n); setSelected(new Set()); setActive(null); }} />
          {section && (
            <section aria-label={`Section ${section.name}`} class="zoom">
              <div class="zoom-head">
                <h3>Section {section.name} · {money(section.price, section.currency)}</h3>
                <Legend />
              </div>
              {tickets && tickets.section.toLowerCase() === section.name.toLowerCase() ? (
                <SectionSeats section={section} tickets={tickets.tickets} statuses={statuses} selected={selected}
                  active={active} onActive={setActive} onToggle={toggle} />
              ) : (
                <Busy label="Loading seats…" />
              )}
              <p class="muted small">Keyboard: Tab into the seats, arrow keys to move, Enter or Space to pick.</p>
            </section>
          )}
          {!section && <p class="muted">Choose a section on the map to see its seats.</p>}
        </div>

        <aside class="buy-col">
          <section class="panel" aria-labelledby="pick-title">
            <h2 id="pick-title">Your seats</h2>
            {picked.length === 0 ? (
              <p class="muted">Pick seats on the map, or let us find the best ones.</p>
            ) : (
              <ul class="picked" aria-label="Picked seats">
                {picked.map((t) => (
                  <li>
                    Section {tickets?.section}, row {t.row}, seat {t.seat} <span>{money(t.price, t.currency)}</span>
                  </li>
                ))}
              </ul>
            )}
            {picked.length > 0 && (
              <p class="total">
                Total <strong>{money(total, currency)}</strong>
              </p>
            )}
            <ErrorNote message={actionError} />
            <button type="button" disabled={busy || picked.length === 0 || !bookable}
              onClick={() => void hold({ eventId, ticketIds: picked.map((t) => t.ticketId) })}>
              {needsQueue ? joinLabel : busy ? "Holding…" : `Hold ${picked.length || ""} seat${picked.length === 1 ? "" : "s"}`.replace("  ", " ")}
            </button>
          </section>

          <section class="panel" aria-labelledby="best-title">
            <h2 id="best-title">Best available</h2>
            <form class="stack" onSubmit={(e) => { e.preventDefault(); void hold({ eventId, section: bestSection, quantity: bestQty }); }}>
              <label>
                Seats
                <select aria-label="Number of seats" value={String(bestQty)} onChange={(e) => setBestQty(Number(e.currentTarget.value))}>
                  {Array.from({ length: maxPick }, (_, i) => i + 1).map((n) => <option value={String(n)}>{n}</option>)}
                </select>
              </label>
              <label>
                Section
                <select aria-label="Section for the best seats" value={bestSection} onChange={(e) => setBestSection(e.currentTarget.value)}>
                  {event.sections.map((s: SectionView) => (
                    <option value={s.name} disabled={s.available === 0}>
                      {s.name} · {money(s.price, s.currency)} · {s.available === 0 ? "sold out" : `${count(s.available)} left`}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={busy || !bookable || !bestSection}>
                {needsQueue ? joinLabel : "Find best seats"}
              </button>
            </form>
          </section>

          <section class="panel">
            <h2>Sections</h2>
            <table class="sections">
              <thead>
                <tr><th scope="col">Section</th><th scope="col">Price</th><th scope="col">Left</th></tr>
              </thead>
              <tbody>
                {event.sections.map((s) => (
                  <tr>
                    <th scope="row">{s.name}</th>
                    <td>{money(s.price, s.currency)}</td>
                    <td>
                      <meter min={0} max={s.capacity} value={s.available} aria-label={`Section ${s.name} availability`} /> {count(s.available)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </aside>
      </div>
    </article>
  );
}
