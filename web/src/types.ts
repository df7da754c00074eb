export interface Venue {
  name: string;
  city: string;
  address?: string;
}

export interface SectionView {
  name: string;
  rows: number;
  seatsPerRow: number;
  price: number;
  currency: string;
  capacity: number;
  available: number;
  held: number;
  booked: number;
}

export interface EventView {
  eventId: string;
  name: string;
  performers: string[];
  category: string;
  description: string;
  venue: Venue;
  startsAt: string;
  status: string;
  capacity: number;
  available: number;
  sections: SectionView[];
  refundPolicy?: { kind: "none" | "beforeStart"; hoursBeforeStart: number };
  /** Until when its owners may refund a booking; absent when they may not (policy none, or cancelled). */
  refundableUntil?: string;
}

export type SeatStatus = "available" | "held" | "booked";

export interface Ticket {
  ticketId: string;
  row: number;
  seat: number;
  price: number;
  currency: string;
  status: SeatStatus;
}

export interface SectionTickets {
  eventId: string;
  section: string;
  available: number;
  tickets: Ticket[];
}

export interface SearchItem {
  eventId: string;
  name: string;
  performers: string[];
  venue: string;
  city: string;
  startsAt: string;
  category: string;
  minPrice: number | null;
  currency: string;
  available: number;
  status?: string;
}

export interface Facet {
  value: string;
  count: number;
}

export interface SearchResult {
  items: SearchItem[];
  page: number;
  pageSize: number;
  total: number;
  facets: { city?: Facet[]; category?: Facet[] };
}

export interface ReservedTicket {
  ticketId: string;
  section: string;
  row: number;
  seat: number;
  price: number;
}

export interface ReservationView {
  reservationId: string;
  status: "held" | "confirming" | "confirmed" | "expired" | "cancelled";
  eventId: string;
  tickets: ReservedTicket[];
  total: number;
  currency: string;
  createdAt: string;
  expiresAt: string;
  bookingId?: string;
  confirmedAt?: string;
  refundedAt?: string;
  disputedAt?: string;
  history?: { status: string; at: string; reason?: string }[];
}

export interface PaymentAction {
  reservationId: string;
  status: "requires_action";
  paymentId: string;
  clientSecret: string;
}

export interface WaitingRoomView {
  enabled: boolean;
  state: "off" | "scheduled" | "prequeue" | "open";
  opensAt: string | null;
  onSaleAt: string | null;
  admitPerMinute: number | null;
  passMinutes?: number | null;
  serving: number;
  waiting: number;
  /** No seat is free right now. */
  soldOut?: boolean;
  /** The event sold out: its waiting list is open, each seat that comes back admits the next in line. */
  listOpen?: boolean;
}

export interface QueueEntry {
  queueId: string;
  status: "pending" | "prequeue" | "waiting" | "admitted" | "expired";
  position: number | null;
  estimatedWaitSeconds: number | null;
  pass?: string;
  passExpiresAt?: string;
  /** People before this one still waiting to be admitted. */
  ahead?: number | null;
}

export interface SectionCounts {
  name: string;
  available: number;
  held: number;
  booked: number;
}

export interface StreamSnapshot {
  version: string;
  sections: SectionCounts[];
}

export interface StreamSeats {
  version: string;
  changes: { ticketId: string; status: SeatStatus }[];
  /** The counts after this batch of changes. */
  sections?: SectionCounts[];
}

export interface TicketView {
  ticketId: string;
  section: string;
  row: number;
  seat: number;
  code?: string;
  qrSvg?: string;
  qrPng?: string;
}

export interface TicketListView {
  bookingId: string;
  eventId: string;
  eventName?: string;
  startsAt?: string;
  venue?: string;
  status: "confirmed" | "refunded";
  tickets: TicketView[];
}

export interface CheckInView {
  eventId: string;
  ticketId: string;
  section: string;
  row: number;
  seat: number;
  bookingId: string;
  checkedInAt: string;
  gate?: string;
}

export interface BookingView {
  bookingId: string;
  reservationId: string;
  eventId: string;
  status: "confirmed" | "refunding" | "refunded";
  refundedAt?: string;
  refundFailure?: string;
}

export interface CancellationProgress {
  eventId: string;
  state: "refunding" | "completed";
  total: number;
  refunded: number;
  failed: number;
  failures: { bookingId: string; userId: string; reason: string }[];
}
