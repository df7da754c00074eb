import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { navigate } from "../router";
import { getSession, isOrganizer } from "../session";
import type { EventView } from "../types";
import { Busy, ErrorNote } from "../components/Common";

interface SectionForm {
  name: string;
  rows: number;
  seatsPerRow: number;
  price: string;
}

const myEventsKey = "tb.myEvents";

export function myEvents(): { eventId: string; name: string }[] {
  try {
    return JSON.parse(localStorage.getItem(myEventsKey) ?? "[]") as { eventId: string; name: string }[];
  } catch {
    return [];
  }
}

function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86400000);
  d.setHours(19, 30, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function OrganizerPage() {
  const session = getSession();
  const [form, setForm] = useState({
    name: "", performers: "", category: "concert", description: "", venue: "", city: "", address: "",
    startsAt: inDays(60), currency: "USD",
  });
  const [sections, setSections] = useState<SectionForm[]>([{ name: "A", rows: 10, seatsPerRow: 20, price: "45.00" }]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    document.title = "Organizer · TicketBooking";
  }, []);

  if (!isOrganizer(session)) {
    return (
      <section>
        <h1>Organizer</h1>
        <p>Creating events needs the organizer role. <a href="/signin?next=/organizer">Sign in as an organizer</a>.</p>
      </section>
    );
  }

  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const setSection = (i: number, patch: Partial<SectionForm>) => setSections(sections.map((s, j) => (i === j ? { ...s, ...patch } : s)));

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setBusy("Creating the event…");
    try {
      const body = {
        name: form.name.trim(),
        performers: form.performers.split(",").map((p) => p.trim()).filter(Boolean),
        category: form.category,
        description: form.description,
        venue: { name: form.venue.trim(), city: form.city.trim(), address: form.address.trim() },
        startsAt: new Date(form.startsAt).toISOString(),
        sections: sections.map((s) => ({ name: s.name.trim(), rows: Number(s.rows), seatsPerRow: Number(s.seatsPerRow), price: Number(s.price), currency: form.currency })),
      };
      let { data } = await api<EventView>("/api/admin/events", { method: "POST", auth: true, body });
      setBusy("Writing the seats…");
      for (let i = 0; data.status === "creating" && i < 120; i++) {
        await new Promise((r) => setTimeout(r, 500));
        data = (await api<EventView>(`/api/event/${encodeURIComponent(data.eventId)}`)).data;
      }
      localStorage.setItem(myEventsKey, JSON.stringify([{ eventId: data.eventId, name: data.name }, ...myEvents()].slice(0, 50)));
      navigate(`/organizer/events/${encodeURIComponent(data.eventId)}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const mine = myEvents();
  return (
    <section>
      <h1>Organizer</h1>
      {mine.length > 0 && (
        <>
          <h2>Your events</h2>
          <ul class="plain">
            {mine.map((e) => (
              <li><a href={`/organizer/events/${encodeURIComponent(e.eventId)}`}>{e.name}</a> <span class="muted small">{e.eventId}</span></li>
            ))}
          </ul>
        </>
      )}
      <h2>Create an event</h2>
      <form class="stack create" onSubmit={submit}>
        <div class="grid2">
          <label>Name<input required maxLength={200} value={form.name} onInput={set("name")} /></label>
          <label>Performers (comma-separated)<input value={form.performers} onInput={set("performers")} /></label>
          <label>Category
            <select value={form.category} onChange={set("category")}>
              {["concert", "sports", "theater", "comedy", "festival", "family"].map((c) => <option value={c}>{c}</option>)}
            </select>
          </label>
          <label>Starts at<input type="datetime-local" required value={form.startsAt} onInput={set("startsAt")} /></label>
          <label>Venue<input required value={form.venue} onInput={set("venue")} /></label>
          <label>City<input required value={form.city} onInput={set("city")} /></label>
          <label>Address<input value={form.address} onInput={set("address")} /></label>
          <label>Currency<input required maxLength={3} pattern="[A-Za-z]{3}" value={form.currency} onInput={set("currency")} /></label>
        </div>
        <label>Description<textarea rows={3} maxLength={4000} value={form.description} onInput={set("description")} /></label>
        <fieldset>
          <legend>Sections</legend>
          {sections.map((s, i) => (
            <div class="section-row" role="group" aria-label={`Section ${i + 1}`}>
              <label>Section name<input required pattern="[A-Za-z0-9_]{1,20}" value={s.name} onInput={(e) => setSection(i, { name: e.currentTarget.value })} /></label>
              <label>Rows<input type="number" required min={1} max={200} value={s.rows} onInput={(e) => setSection(i, { rows: Number(e.currentTarget.value) })} /></label>
              <label>Seats per row<input type="number" required min={1} max={500} value={s.seatsPerRow} onInput={(e) => setSection(i, { seatsPerRow: Number(e.currentTarget.value) })} /></label>
              <label>Price<input type="number" required min={0} step="0.01" value={s.price} onInput={(e) => setSection(i, { price: e.currentTarget.value })} /></label>
              {sections.length > 1 && (
                <button type="button" class="secondary" aria-label={`Remove section ${s.name}`} onClick={() => setSections(sections.filter((_, j) => j !== i))}>Remove</button>
              )}
            </div>
          ))}
          <button type="button" class="secondary" onClick={() => setSections([...sections, { name: String.fromCharCode(65 + sections.length), rows: 10, seatsPerRow: 20, price: "45.00" }])}>
            Add a section
          </button>
        </fieldset>
        <ErrorNote message={error} />
        {busy && <Busy label={busy} />}
        <button type="submit" disabled={busy !== null}>Create event</button>
      </form>
    </section>
  );
}
