import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./styles.css";
import { interceptLinks, useLocation } from "./router";
import { getSession, isOrganizer, onSessionChange, setSession } from "./session";
import { SearchPage } from "./pages/SearchPage";
import { EventPage } from "./pages/EventPage";
import { CheckoutPage } from "./pages/CheckoutPage";
import { BookingsPage } from "./pages/BookingsPage";
import { OrganizerPage } from "./pages/OrganizerPage";
import { SignInPage } from "./pages/SignInPage";
import { WaitingRoomPage } from "./pages/WaitingRoomPage";
import { DashboardPage } from "./pages/DashboardPage";
import { TicketsPage } from "./pages/TicketsPage";
import { CheckInPage } from "./pages/CheckInPage";

function useSession() {
  const [session, set] = useState(getSession());
  useEffect(() => onSessionChange(() => set(getSession())), []);
  return session;
}

function Route({ url }: { url: URL }) {
  const path = url.pathname;
  let m: RegExpMatchArray | null;
  if (path === "/" || path === "/search") return <SearchPage url={url} />;
  if ((m = path.match(/^\/event\/([^/]+)\/queue$/))) return <WaitingRoomPage eventId={decodeURIComponent(m[1]!)} />;
  if ((m = path.match(/^\/event\/([^/]+)$/))) return <EventPage eventId={decodeURIComponent(m[1]!)} />;
  if ((m = path.match(/^\/checkout\/([^/]+)$/))) return <CheckoutPage reservationId={decodeURIComponent(m[1]!)} />;
  if (path === "/bookings") return <BookingsPage />;
  if ((m = path.match(/^\/bookings\/([^/]+)\/tickets$/))) return <TicketsPage bookingId={decodeURIComponent(m[1]!)} />;
  if (path === "/checkin") return <CheckInPage url={url} />;
  if (path === "/organizer") return <OrganizerPage />;
  if ((m = path.match(/^\/organizer\/events\/([^/]+)$/))) return <DashboardPage eventId={decodeURIComponent(m[1]!)} />;
  if (path === "/signin") return <SignInPage url={url} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <a href="/">Search events</a>.
      </p>
    </section>
  );
}

function App() {
  const url = useLocation();
  const session = useSession();
  useEffect(() => {
    const titles: Record<string, string> = { "/bookings": "My bookings", "/organizer": "Organizer", "/signin": "Sign in" };
    const t = titles[url.pathname];
    if (t) document.title = `${t} · TicketBooking`;
  }, [url.pathname]);
  const here = (p: string) => (url.pathname === p ? "page" : undefined);
  return (
    <>
      <header class="top">
        <a class="brand" href="/">
          TicketBooking
        </a>
        <nav aria-label="Main">
          <a href="/" aria-current={here("/")}>
            Events
          </a>
          <a href="/bookings" aria-current={here("/bookings")}>
            My bookings
          </a>
          {isOrganizer(session) && (
            <a href="/organizer" aria-current={here("/organizer")}>
              Organizer
            </a>
          )}
          {session ? (
            <span class="who">
              <span data-testid="signed-in-user">{session.userId}</span>
              <button type="button" class="link" onClick={() => setSession(null)}>
                Sign out
              </button>
            </span>
          ) : (
            <a href={`/signin?next=${encodeURIComponent(url.pathname + url.search)}`}>Sign in</a>
          )}
        </nav>
      </header>
      <main id="main">
        <Route url={url} />
      </main>
    </>
  );
}

const root = document.getElementById("app")!;
root.textContent = "";
interceptLinks(root);
render(<App />, root);
