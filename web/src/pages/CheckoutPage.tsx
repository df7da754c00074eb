import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, errorText } from "../api";
import { duration, money } from "../format";
import { getSession } from "../session";
import { loadStripe, stripeEnabled } from "../stripe";
import type { PaymentAction, ReservationView } from "../types";
import { Busy, ErrorNote, Notice } from "../components/Common";

/** The payment simulator's test cards (Stripe's test payment method ids). */
export const testCards = [
  { id: "pm_card_visa", label: "Visa ending 4242", note: "pays" },
  { id: "pm_card_chargeDeclined", label: "Card declined", note: "the bank declines" },
  { id: "pm_card_chargeDeclinedInsufficientFunds", label: "Insufficient funds", note: "declined for lack of funds" },
  { id: "pm_card_authenticationRequired", label: "3-D Secure", note: "asks you to confirm with your bank" },
] as const;

function useNow(intervalMs = 250): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, []);
  return now;
}

export function CheckoutPage({ reservationId }: { reservationId: string }) {
  const [r, setR] = useState<ReservationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [payError, setPayError] = useState<string | null>(null);
  const [card, setCard] = useState<string>(testCards[0].id);
  const [paying, setPaying] = useState(false);
  const [action, setAction] = useState<PaymentAction | null>(null);
  const cardHost = useRef<HTMLDivElement>(null);
  const stripeCard = useRef<{ destroy(): void } | null>(null);
  const now = useNow();
  const path = `/api/booking/${encodeURIComponent(reservationId)}`;

  const load = async () => {
    const { data } = await api<ReservationView>(path, { auth: true });
    setR(data);
    return data;
  };

  useEffect(() => {
    document.title = "Checkout · TicketBooking";
    if (!getSession()) {
      setError("Sign in to see this reservation.");
      return;
    }
    load().catch((e) => setError(errorText(e)));
  }, [reservationId]);

  // While a payment is under way, follow the reservation until it settles.
  useEffect(() => {
    if (r?.status !== "confirming") return;
    const t = setInterval(() => void load().catch(() => undefined), 1000);
    return () => clearInterval(t);
  }, [r?.status]);

  // The hold's end: read the reservation again, which then says expired.
  const expiresAt = r ? Date.parse(r.expiresAt) : 0;
  const left = Math.max(0, (expiresAt - now) / 1000);
  const heldOpen = r?.status === "held" && left > 0;
  useEffect(() => {
    if (r?.status === "held" && left === 0) void load().catch(() => undefined);
  }, [r?.status === "held" && left === 0]);

  useEffect(() => {
    if (!stripeEnabled() || !heldOpen || !cardHost.current || stripeCard.current) return;
    loadStripe()
      .then((stripe) => {
        if (!cardHost.current || stripeCard.current) return;
        const c = stripe.elements().create("card");
        c.mount(cardHost.current);
        stripeCard.current = c;
        (cardHost.current as HTMLDivElement & { card?: unknown }).card = c;
      })
      .catch(() => setPayError("The card form could not be loaded. Check the connection and reload the page."));
  }, [heldOpen]);

  if (error) return <ErrorNote message={error}><p><a href="/">Back to the events</a></p></ErrorNote>;
  if (!r) return <Busy label="Loading your reservation…" />;

  const paymentMethod = async (): Promise<string | null> => {
    if (!stripeEnabled()) return card;
    const stripe = await loadStripe();
    const el = (cardHost.current as (HTMLDivElement & { card?: unknown }) | null)?.card;
    const result = await stripe.createPaymentMethod({ type: "card", card: el as never });
    if (result.error || !result.paymentMethod) {
      setPayError(result.error?.message ?? "The card could not be used.");
      return null;
    }
    return result.paymentMethod.id;
  };

  const pay = async (e: Event) => {
    e.preventDefault();
    setPaying(true);
    setPayError(null);
    try {
      const pm = r.total === 0 ? null : await paymentMethod();
      if (r.total !== 0 && !pm) return;
      const { data, status } = await api<ReservationView | PaymentAction>("/api/booking/confirm", {
        method: "PUT", auth: true, body: pm ? { reservationId, paymentMethodId: pm } : { reservationId },
      });
      if (status === 202 && (data as PaymentAction).status === "requires_action") {
        const a = data as PaymentAction;
        if (stripeEnabled()) {
          const stripe = await loadStripe();
          const result = await stripe.handleNextAction({ clientSecret: a.clientSecret });
          if (result.error) setPayError(result.error.message ?? "The card was not confirmed.");
          setR({ ...r, status: "confirming" });
        } else {
          setAction(a);
        }
      } else {
        setR(data as ReservationView);
      }
    } catch (err) {
      setPayError(errorText(err));
      if (err instanceof ApiError && err.status === 409) void load().catch(() => undefined);
      if (err instanceof ApiError && err.type === "/problems/payment-declined" && /cancel/i.test(err.message)) void load().catch(() => undefined);
    } finally {
      setPaying(false);
    }
  };

  const authenticate = async (succeeded: boolean) => {
    if (!action) return;
    setPaying(true);
    try {
      await api(`/api/dev/payments/${encodeURIComponent(action.paymentId)}/authenticate`, { method: "POST", body: { succeeded } });
      setAction(null);
      const settled = await waitWhileConfirming();
      if (!succeeded || settled.status === "held") setPayError("The bank did not confirm the payment. Try again or use another card.");
    } catch (err) {
      setPayError(errorText(err));
    } finally {
      setPaying(false);
    }
  };

  const waitWhileConfirming = async (): Promise<ReservationView> => {
    for (let i = 0; i < 60; i++) {
      const current = await load();
      if (current.status !== "confirming") return current;
      await new Promise((res) => setTimeout(res, 500));
    }
    return load();
  };

  const cancel = async () => {
    try {
      const { data } = await api<ReservationView>(path, { method: "DELETE", auth: true });
      setR(data);
    } catch (err) {
      setPayError(errorText(err));
    }
  };

  const holdSeconds = Math.max(1, (expiresAt - Date.parse(r.createdAt)) / 1000);
  const eventLink = `/event/${encodeURIComponent(r.eventId)}`;

  return (
    <section class="checkout">
      <h1>{r.status === "confirmed" ? "Booked" : "Checkout"}</h1>
      <table class="tickets">
        <caption class="visually-hidden">Your seats</caption>
        <thead><tr><th scope="col">Section</th><th scope="col">Row</th><th scope="col">Seat</th><th scope="col">Price</th></tr></thead>
        <tbody>
          {r.tickets.map((t) => (
            <tr><td>{t.section}</td><td>{t.row}</td><td>{t.seat}</td><td>{money(t.price, r.currency)}</td></tr>
          ))}
        </tbody>
        <tfoot><tr><th scope="row" colSpan={3}>Total</th><td data-testid="total">{money(r.total, r.currency)}</td></tr></tfoot>
      </table>

      {r.status === "held" && left > 0 && (
        <div class="countdown" role="timer" aria-live="off">
          <span>Seats held for you for <strong data-testid="countdown">{duration(left)}</strong></span>
          <progress max={holdSeconds} value={left} aria-label="Time left on the hold" />
        </div>
      )}

      {r.status === "expired" && (
        <ErrorNote message="The hold expired: the seats were released and nothing was charged.">
          <p><a href={eventLink}>Pick seats again</a></p>
        </ErrorNote>
      )}
      {r.status === "cancelled" && (
        <ErrorNote message="This reservation was cancelled: the seats were released and nothing was charged.">
          <p><a href={eventLink}>Pick seats again</a></p>
        </ErrorNote>
      )}
      {r.status === "confirming" && <Busy label="Confirming your payment…" />}
      {r.status === "confirmed" && (
        <Notice>
          <p>
            Paid. Booking <strong data-testid="booking-id">{r.bookingId}</strong>. <a href="/bookings">See my bookings</a>
          </p>
        </Notice>
      )}

      {action && (
        <div class="panel three-ds" role="dialog" aria-modal="false" aria-labelledby="tds-title">
          <h2 id="tds-title">3-D Secure</h2>
          <p>Your bank asks you to confirm this payment of {money(r.total, r.currency)}.</p>
          <div class="row">
            <button type="button" disabled={paying} onClick={() => void authenticate(true)}>Confirm payment</button>
            <button type="button" class="secondary" disabled={paying} onClick={() => void authenticate(false)}>Fail authentication</button>
          </div>
        </div>
      )}

      {heldOpen && !action && (
        <form class="stack pay" onSubmit={pay}>
          {r.total > 0 && (stripeEnabled() ? (
            <div class="card-element" ref={cardHost} aria-label="Card details" />
          ) : (
            <fieldset>
              <legend>Test card (payment simulator)</legend>
              {testCards.map((c) => (
                <label class="radio">
                  <input type="radio" name="card" value={c.id} checked={card === c.id} onChange={() => setCard(c.id)} />
                  <span>{c.label}</span> <span class="muted">{c.note}</span>
                </label>
              ))}
            </fieldset>
          ))}
          <ErrorNote message={payError} />
          <div class="row">
            <button type="submit" disabled={paying}>{paying ? "Paying…" : `Pay ${money(r.total, r.currency)}`}</button>
            <button type="button" class="secondary" disabled={paying} onClick={() => void cancel()}>Release seats</button>
          </div>
          {paying && <Busy label="Paying…" />}
        </form>
      )}
      {!heldOpen && !action && payError && <ErrorNote message={payError} />}
    </section>
  );
}
