import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { dateTime, money } from "../format";
import { getSession } from "../session";
import type { BookingView, EventView, ReservationView } from "../types";
import { Busy, ErrorNote } from "../components/Common";

interface Page {
  items: ReservationView[];
  next: string | null;
}

const labels: Record<ReservationView["status"], string> = {
  held: "Held, not paid yet",
  confirming: "Payment under way",
  confirmed: "Booked",
  expired: "Expired, nothing charged",
  cancelled: "Cancelled, nothing charged",
};

export function BookingsPage() {
  const [items, setItems] = useState<ReservationView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [names, setNames] = useState<Record<string, string>>({});
  const [events, setEvents] = useState<Record<string, EventView>>({});

  // Event names for the list (each event once; the event view is cached by the browser and the server).
  useEffect(() => {
    const missing = [...new Set((items ?? []).map((r) => r.eventId))].filter((id) => !(id in names));
    if (missing.length === 0) return;
    setNames((n) => ({ ...n, ...Object.fromEntries(missing.map((id) => [id, id])) }));
    for (const id of missing) {
      api<EventView>(`/api/event/${encodeURIComponent(id)}`)
        .then(({ data }) => {
          setNames((n) => ({ ...n, [id]: `${data.name} · ${dateTime(data.startsAt)}` }));
          setEvents((e) => ({ ...e, [id]: data }));
        })
        .catch(() => undefined);
    }
  }, [items]);

  const load = async (cursor: string | null) => {
    setLoading(true);
    try {
      const { data } = await api<Page>(`/api/bookings?pageSize=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { auth: true });
      setItems((old) => (cursor && old ? [...old, ...data.items] : data.items));
      setNext(data.next);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    document.title = "My bookings · TicketBooking";
    if (getSession()) void load(null);
  }, []);

  if (!getSession()) {
    return (
      <section>
        <h1>My bookings</h1>
        <p><a href="/signin?next=/bookings">Sign in</a> to see your bookings.</p>
      </section>
    );
  }

  const replace = (r: ReservationView) => setItems((old) => old && old.map((x) => (x.reservationId === r.reservationId ? r : x)));
  const open = (items ?? []).filter((r) => r.status === "held" || r.status === "confirming");
  const done = (items ?? []).filter((r) => r.status !== "held" && r.status !== "confirming");

  return (
    <section>
      <h1>My bookings</h1>
      <ErrorNote message={error} />
      {!items && <Busy label="Loading your bookings…" />}
      {items && items.length === 0 && <p>No bookings yet. <a href="/">Find an event</a>.</p>}
      {open.length > 0 && (
        <>
          <h2>In progress</h2>
          <ul class="bookings" aria-label="Reservations in progress">{open.map((r) => <Item r={r} name={names[r.eventId]} />)}</ul>
        </>
      )}
      {done.length > 0 && (
        <>
          <h2>Bookings and past reservations</h2>
          <ul class="bookings" aria-label="Bookings">
            {done.map((r) => <Item r={r} name={names[r.eventId]} event={events[r.eventId]} onChange={replace} />)}
          </ul>
        </>
      )}
      {next && <button type="button" disabled={loading} onClick={() => void load(next)}>Show more</button>}
    </section>
  );
}

function Item({ r, name, event, onChange }: { r: ReservationView; name: string | undefined; event?: EventView; onChange?: (r: ReservationView) => void }) {
  const seats = r.tickets.map((t) => `${t.section} row ${t.row} seat ${t.seat}`).join(", ");
  const refunded = r.status === "confirmed" && !!r.refundedAt;
  return (
    <li class={`booking ${refunded ? "refunded" : r.status}`}>
      <div>
        <p>
          <strong>{refunded ? "Refunded" : labels[r.status]}</strong>
          {r.disputedAt && <span class="chip">Disputed</span>}
          {" · "}
          <a href={`/event/${encodeURIComponent(r.eventId)}`}>{name ?? r.eventId}</a>
        </p>
        <p class="muted">{seats}</p>
        <p class="muted small">
          {r.bookingId ? `Booking ${r.bookingId}, paid ${r.confirmedAt ? dateTime(r.confirmedAt) : ""}` : `Reserved ${dateTime(r.createdAt)}`}
          {refunded && `, refunded ${dateTime(r.refundedAt!)}; its tickets no longer admit`}
        </p>
      </div>
      <div class="right">
        <strong>{money(r.total, r.currency)}</strong>
        {r.status === "confirmed" && r.bookingId && !r.refundedAt && (
          <a class="button" href={`/bookings/${encodeURIComponent(r.bookingId)}/tickets`}>Tickets</a>
        )}
        {(r.status === "held" || r.status === "confirming") && (
          <a class="button" href={`/checkout/${encodeURIComponent(r.reservationId)}`}>Go to checkout</a>
        )}
        {r.status === "confirmed" && r.bookingId && !r.refundedAt && event && onChange && <Refund r={r} event={event} onChange={onChange} />}
      </div>
    </li>
  );
}

/** Refunds a booking when the event's policy allows it, or says why it cannot. */
function Refund({ r, event, onChange }: { r: ReservationView; event: EventView; onChange: (r: ReservationView) => void }) {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const until = event.refundableUntil ? new Date(event.refundableUntil) : null;
  if (event.status !== "cancelled" && (!until || until.getTime() <= Date.now())) {
    const why = until ? `Refunds closed ${dateTime(event.refundableUntil!)}` : "This event's tickets are not refundable";
    return <p class="muted small" data-testid="refund-reason">{why}</p>;
  }

  const refund = async () => {
    setBusy(true);
    setNote(null);
    try {
      const { data } = await api<BookingView>(`/api/bookings/${encodeURIComponent(r.bookingId!)}`, { method: "DELETE", auth: true });
      if (data.status === "refunding") setNote("Refund under way; it finishes on its own.");
      const { data: fresh } = await api<ReservationView>(`/api/booking/${encodeURIComponent(r.reservationId)}`, { auth: true, cache: "no-cache" });
      onChange(fresh);
    } catch (e) {
      setNote(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" class="secondary" disabled={busy} onClick={() => void refund()}>
        {busy ? "Refunding…" : event.status === "cancelled" ? "Refund now" : "Refund"}
      </button>
      {until && event.status !== "cancelled" && <p class="muted small">Refundable until {dateTime(event.refundableUntil!)}</p>}
      {note && <p class="small" role="status">{note}</p>}
    </>
  );
}
