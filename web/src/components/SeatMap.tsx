import { useLayoutEffect, useRef } from "preact/hooks";
import { count, money } from "../format";
import type { SeatStatus, SectionView, Ticket } from "../types";

/** How full a section is, as a colour class. */
function fill(s: SectionView): string {
  if (s.available === 0) return "sold";
  const ratio = s.available / Math.max(1, s.capacity);
  return ratio > 0.5 ? "plenty" : ratio > 0.15 ? "some" : "few";
}

/**
 * The venue overview: one shape per section around the stage, coloured by how many seats are left. Sections
 * open on click, Enter or Space; only the open section's seats are ever drawn.
 */
export function VenueMap({ sections, open, onOpen }: { sections: SectionView[]; open: string | null; onOpen: (name: string) => void }) {
  const ref = useRef<SVGSVGElement>(null);
  useLayoutEffect(() => {
    if (!ref.current || ref.current.dataset.drawn) return;
    ref.current.dataset.drawn = "true";
    performance.mark("seatmap-drawn");
  }, [sections.length]);
  const cols = Math.min(sections.length, Math.max(2, Math.ceil(Math.sqrt(sections.length * 2))));
  const w = 120;
  const h = 70;
  const gap = 12;
  const rows = Math.ceil(sections.length / cols);
  const width = cols * (w + gap) - gap;
  const height = 50 + rows * (h + gap);
  return (
    <svg ref={ref} class="venue" viewBox={`-6 -6 ${width + 12} ${height + 12}`} role="group" aria-label="Venue map: choose a section"
      data-testid="venue-map">
      <rect class="stage" x={width * 0.25} y={0} width={width * 0.5} height={30} rx={6} />
      <text class="stage-label" x={width / 2} y={20} text-anchor="middle" aria-hidden="true">STAGE</text>
      {sections.map((s, i) => {
        const x = (i % cols) * (w + gap);
        const y = 50 + Math.floor(i / cols) * (h + gap);
        const label = `Section ${s.name}: ${s.available === 0 ? "sold out" : `${count(s.available)} of ${count(s.capacity)} seats available`}, ${money(s.price, s.currency)}`;
        const key = (e: KeyboardEvent) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            onOpen(s.name);
          }
        };
        return (
          <g role="button" tabindex={0} aria-label={label} aria-pressed={open === s.name} class={`section ${fill(s)}${open === s.name ? " open" : ""}`}
            onClick={() => onOpen(s.name)} onKeyDown={key}>
            <rect x={x} y={y} width={w} height={h} rx={8} />
            <text x={x + w / 2} y={y + 30} text-anchor="middle" aria-hidden="true" class="section-name">{s.name}</text>
            <text x={x + w / 2} y={y + 52} text-anchor="middle" aria-hidden="true" class="section-left">
              {s.available === 0 ? "sold out" : `${count(s.available)} left`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const seatSize = 12;
const seatGap = 4;
const labelWidth = 28;

export function seatLabel(t: Ticket, status: SeatStatus, selected: boolean): string {
  const state = selected ? "selected" : status === "available" ? "available" : status === "held" ? "held by someone" : "sold";
  return `Row ${t.row}, seat ${t.seat}, ${money(t.price, t.currency)}, ${state}`;
}

/**
 * The seats of one section as a grid: rows of seats, coloured by status, updated live by the caller. Keyboard: Tab
 * enters the grid at one seat, arrow keys move, Home/End go to the row's ends, Enter or Space selects.
 */
export function SectionSeats(props: {
  section: SectionView;
  tickets: Ticket[];
  statuses: Map<string, SeatStatus>;
  selected: Set<string>;
  active: string | null;
  onActive: (ticketId: string) => void;
  onToggle: (ticket: Ticket) => void;
}) {
  const { section, tickets, statuses, selected, active, onActive, onToggle } = props;
  const svg = useRef<SVGSVGElement>(null);
  const byPos = new Map<string, Ticket>();
  const byId = new Map<string, Ticket>();
  let maxSeat = 0;
  let maxRow = 0;
  for (const t of tickets) {
    byPos.set(`${t.row}:${t.seat}`, t);
    byId.set(t.ticketId, t);
    if (t.seat > maxSeat) maxSeat = t.seat;
    if (t.row > maxRow) maxRow = t.row;
  }
  const focusId = active && byId.has(active) ? active : tickets.find((t) => statuses.get(t.ticketId) === "available")?.ticketId ?? tickets[0]?.ticketId ?? null;

  const move = (t: Ticket, dRow: number, dSeat: number, toEnd?: "home" | "end") => {
    let next: Ticket | undefined;
    if (toEnd) {
      const seats = tickets.filter((x) => x.row === t.row);
      next = toEnd === "home" ? seats[0] : seats[seats.length - 1];
    } else {
      let row = t.row + dRow;
      let seat = t.seat + dSeat;
      while (row >= 1 && row <= maxRow && seat >= 1 && seat <= maxSeat && !next) {
        next = byPos.get(`${row}:${seat}`);
        row += dRow;
        seat += dSeat;
      }
    }
    if (next) {
      // Focus moves at once, in the key's own event: a key pressed before the next render starts from the seat it
      // moved to (roving tabindex; the re-render then gives the seat tabindex 0).
      svg.current?.querySelector<SVGElement>(`[data-ticket="${CSS.escape(next.ticketId)}"]`)?.focus();
      onActive(next.ticketId);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const id = (e.target as Element).getAttribute?.("data-ticket");
    const t = id ? byId.get(id) : undefined;
    if (!t) return;
    const keys: Record<string, () => void> = {
      ArrowRight: () => move(t, 0, 1),
      ArrowLeft: () => move(t, 0, -1),
      ArrowDown: () => move(t, 1, 0),
      ArrowUp: () => move(t, -1, 0),
      Home: () => move(t, 0, 0, "home"),
      End: () => move(t, 0, 0, "end"),
      Enter: () => onToggle(t),
      " ": () => onToggle(t),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const onClick = (e: MouseEvent) => {
    const id = (e.target as Element).getAttribute?.("data-ticket");
    const t = id ? byId.get(id) : undefined;
    if (t) {
      onActive(t.ticketId);
      onToggle(t);
    }
  };

  const width = labelWidth + maxSeat * (seatSize + seatGap);
  const height = maxRow * (seatSize + seatGap);
  const rows: Ticket[][] = [];
  for (const t of tickets) (rows[t.row - 1] ??= []).push(t);

  return (
    <div class="seats-scroll">
      <svg ref={svg} class="seats" viewBox={`0 0 ${width} ${height}`} style={{ minWidth: `${Math.min(width * 1.6, maxSeat * 14 + 40)}px` }}
        role="grid" aria-label={`Seats in section ${section.name}`} aria-rowcount={maxRow} aria-colcount={maxSeat}
        data-testid="section-seats" data-section={section.name} onKeyDown={onKeyDown} onClick={onClick}>
        {rows.map((seats, i) =>
          seats ? (
            <g role="row" aria-rowindex={i + 1}>
              <text x={0} y={i * (seatSize + seatGap) + seatSize - 2} class="row-label" aria-hidden="true">{i + 1}</text>
              {seats.map((t) => {
                const status = statuses.get(t.ticketId) ?? t.status;
                const isSelected = selected.has(t.ticketId);
                return (
                  <rect role="gridcell" data-ticket={t.ticketId} data-status={isSelected ? "selected" : status}
                    class={`seat ${isSelected ? "selected" : status}`} tabindex={t.ticketId === focusId ? 0 : -1}
                    aria-label={seatLabel(t, status, isSelected)} aria-selected={isSelected} aria-colindex={t.seat}
                    aria-disabled={status !== "available" && !isSelected}
                    x={labelWidth + (t.seat - 1) * (seatSize + seatGap)} y={i * (seatSize + seatGap)} width={seatSize} height={seatSize} rx={3} />
                );
              })}
            </g>
          ) : null,
        )}
      </svg>
    </div>
  );
}

export function Legend() {
  return (
    <ul class="legend" aria-label="Seat colours">
      <li><span class="swatch available" />Available</li>
      <li><span class="swatch selected" />Your pick</li>
      <li><span class="swatch held" />Held</li>
      <li><span class="swatch booked" />Sold</li>
    </ul>
  );
}
