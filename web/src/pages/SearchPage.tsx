import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { count, dateTime, money } from "../format";
import { navigate } from "../router";
import type { Facet, SearchResult } from "../types";
import { Busy, ErrorNote } from "../components/Common";

const pageSize = 12;
const fields = ["q", "city", "from", "to", "category"] as const;
type Field = (typeof fields)[number];

/** Home and search: the URL holds the query (?q=&city=&from=&to=&category=&page=), so a result page can be shared. */
export function SearchPage({ url }: { url: URL }) {
  const params = url.searchParams;
  const query = Object.fromEntries(fields.map((f) => [f, params.get(f) ?? ""])) as Record<Field, string>;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [form, setForm] = useState(query);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const key = url.search;

  useEffect(() => {
    document.title = query.q ? `“${query.q}” · TicketBooking` : "Events · TicketBooking";
    setForm(query);
    const abort = new AbortController();
    const qs = new URLSearchParams();
    if (query.q) qs.set("search_term", query.q);
    if (query.city) qs.set("location", query.city);
    if (query.from) qs.set("from", query.from);
    if (query.to) qs.set("to", query.to);
    if (query.category) qs.set("category", query.category);
    qs.set("page", String(page));
    qs.set("pageSize", String(pageSize));
    setLoading(true);
    setError(null);
    api<SearchResult>(`/api/search?${qs}`, { signal: abort.signal })
      .then(({ data }) => setResult(data))
      .catch((e) => abort.signal.aborted || setError(errorText(e)))
      .finally(() => abort.signal.aborted || setLoading(false));
    return () => abort.abort();
  }, [key]);

  const go = (next: Partial<Record<Field | "page", string>>) => {
    const merged: Record<string, string> = { ...query, page: "", ...next };
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v && !(k === "page" && v === "1")) qs.set(k, v);
    const s = qs.toString();
    navigate(s ? `/?${s}` : "/");
  };

  const submit = (e: Event) => {
    e.preventDefault();
    go({ ...form });
  };

  const pages = result ? Math.max(1, Math.ceil(Math.min(result.total, 1000) / pageSize)) : 1;

  return (
    <section>
      <h1 class="visually-hidden">Find an event</h1>
      <form class="search" role="search" onSubmit={submit}>
        <label class="grow">
          <span>What</span>
          <input type="search" name="q" placeholder="Artist, event or venue" value={form.q}
            onInput={(e) => setForm({ ...form, q: e.currentTarget.value })} />
        </label>
        <label>
          <span>City</span>
          <input name="city" placeholder="Any city" value={form.city} onInput={(e) => setForm({ ...form, city: e.currentTarget.value })} />
        </label>
        <label>
          <span>From</span>
          <input type="date" name="from" value={form.from} onInput={(e) => setForm({ ...form, from: e.currentTarget.value })} />
        </label>
        <label>
          <span>To</span>
          <input type="date" name="to" value={form.to} onInput={(e) => setForm({ ...form, to: e.currentTarget.value })} />
        </label>
        <label>
          <span>Category</span>
          <select name="category" value={form.category} onChange={(e) => setForm({ ...form, category: e.currentTarget.value })}>
            <option value="">Any</option>
            {(result?.facets.category ?? []).map((f) => (
              <option value={f.value}>{f.value}</option>
            ))}
            {form.category && !(result?.facets.category ?? []).some((f) => f.value === form.category) && <option value={form.category}>{form.category}</option>}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>

      <div class="results-layout">
        <aside aria-label="Filters" class="facets">
          <FacetList title="City" facets={result?.facets.city ?? []} active={query.city} onPick={(v) => go({ city: v })} />
          <FacetList title="Category" facets={result?.facets.category ?? []} active={query.category} onPick={(v) => go({ category: v })} />
        </aside>
        <div class="results">
          <ErrorNote message={error} />
          {loading && !result && <Busy label="Searching…" />}
          {result && (
            <>
              <p class="muted" aria-live="polite">
                {result.total === 0 ? "No events match. Try fewer words or another city." : `${count(result.total)} event${result.total === 1 ? "" : "s"}`}
                {loading && " · updating…"}
              </p>
              <ul class="cards" aria-label="Events">
                {result.items.map((item) => (
                  <li class="card">
                    <a href={`/event/${encodeURIComponent(item.eventId)}`} class="card-link">
                      <span class="chip">{item.category}</span>
                      <h2>{item.name}</h2>
                      <p class="muted">
                        {dateTime(item.startsAt)}
                        <br />
                        {item.venue}, {item.city}
                      </p>
                      <p class="card-foot">
                        <span>{item.minPrice === null ? "" : `from ${money(item.minPrice, item.currency)}`}</span>
                        <span class={item.available === 0 || item.status === "cancelled" ? "sold-out" : "left"}>
                          {item.status === "cancelled" ? "Cancelled" : item.available === 0 ? "Sold out" : `${count(item.available)} left`}
                        </span>
                      </p>
                    </a>
                  </li>
                ))}
              </ul>
              {pages > 1 && (
                <nav class="pager" aria-label="Pages">
                  <button type="button" disabled={page <= 1} onClick={() => go({ page: String(page - 1) })}>
                    Previous
                  </button>
                  <span>
                    Page {page} of {pages}
                  </span>
                  <button type="button" disabled={page >= pages} onClick={() => go({ page: String(page + 1) })}>
                    Next
                  </button>
                </nav>
              )}
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function FacetList({ title, facets, active, onPick }: { title: string; facets: Facet[]; active: string; onPick: (v: string) => void }) {
  if (facets.length === 0 && !active) return null;
  return (
    <fieldset>
      <legend>{title}</legend>
      <ul>
        {active && (
          <li>
            <button type="button" class="link" onClick={() => onPick("")}>
              Any {title.toLowerCase()}
            </button>
          </li>
        )}
        {facets.map((f) => (
          <li>
            <button type="button" class={`facet${f.value.toLowerCase() === active.toLowerCase() ? " on" : ""}`}
              aria-pressed={f.value.toLowerCase() === active.toLowerCase()} onClick={() => onPick(f.value)}>
              {f.value} <span class="muted">{count(f.count)}</span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
