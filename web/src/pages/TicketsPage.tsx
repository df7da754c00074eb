import { useEffect, useState } from "preact/hooks";
import { api, apiBlob, errorText } from "../api";
import { dateTime } from "../format";
import { getSession } from "../session";
import type { TicketListView, TicketView } from "../types";
import { Busy, ErrorNote, Notice } from "../components/Common";

/** "My tickets" for one booking: each seat's QR code (what the door scans) and its code as text. */
export function TicketsPage({ bookingId }: { bookingId: string }) {
  const [list, setList] = useState<TicketListView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = "My tickets · TicketBooking";
    if (!getSession()) return;
    api<TicketListView>(`/api/bookings/${encodeURIComponent(bookingId)}/tickets`, { auth: true })
      .then(({ data }) => setList(data))
      .catch((e) => setError(errorText(e)));
  }, [bookingId]);

  if (!getSession()) {
    return (
      <section>
        <h1>My tickets</h1>
        <p>
          <a href={`/signin?next=${encodeURIComponent(location.pathname)}`}>Sign in</a> to see your tickets.
        </p>
      </section>
    );
  }

  return (
    <section>
      <p class="small">
        <a href="/bookings">← My bookings</a>
      </p>
      <h1>My tickets</h1>
      <ErrorNote message={error} />
      {!list && !error && <Busy label="Loading your tickets…" />}
      {list && (
        <>
          <p>
            <strong>
              <a href={`/event/${encodeURIComponent(list.eventId)}`}>{list.eventName ?? list.eventId}</a>
            </strong>
            {list.startsAt && <> · {dateTime(list.startsAt)}</>}
            {list.venue && <> · {list.venue}</>}
          </p>
          <p class="muted small">Booking {list.bookingId}. Show each QR code at the door; each ticket admits one person, once.</p>
          {list.status === "refunded" && (
            <Notice>This booking was refunded: its tickets no longer admit.</Notice>
          )}
          <ul class="tickets" aria-label="Tickets">
            {list.tickets.map((t) => (
              <Ticket key={t.ticketId} ticket={t} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Ticket({ ticket }: { ticket: TicketView }) {
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seat = `Section ${ticket.section}, row ${ticket.row}, seat ${ticket.seat}`;

  // The image needs the bearer token, so it is fetched and shown from a blob URL (freed when the ticket goes).
  useEffect(() => {
    if (!ticket.qrSvg) return;
    const abort = new AbortController();
    let url: string | null = null;
    apiBlob(ticket.qrSvg, abort.signal)
      .then((blob) => {
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch((e) => {
        if (!(e instanceof DOMException && e.name === "AbortError")) setError(errorText(e));
      });
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [ticket.qrSvg]);

  const savePng = async () => {
    if (!ticket.qrPng) return;
    try {
      const url = URL.createObjectURL(await apiBlob(ticket.qrPng));
      const a = document.createElement("a");
      a.href = url;
      a.download = `ticket-${ticket.ticketId}.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <li class="ticket panel" aria-label={seat}>
      <div class="qr">
        {src ? <img src={src} alt={`QR code of the ticket for ${seat}`} width={220} height={220} /> : ticket.code && !error && <Busy label="Drawing the QR code…" />}
        {!ticket.code && <p class="muted">No longer valid</p>}
      </div>
      <div class="ticket-text">
        <h2>{seat}</h2>
        <ErrorNote message={error} />
        {ticket.code && (
          <>
            <p class="muted small">If the code cannot be scanned, staff can type it:</p>
            <code class="ticket-code" data-testid="ticket-code">{ticket.code}</code>
            <p>
              <button type="button" class="secondary" onClick={() => void savePng()}>
                Save as PNG
              </button>
            </p>
          </>
        )}
      </div>
    </li>
  );
}
