import { api } from "./api";
import { getPass } from "./waiting";
import type { ReservationView } from "./types";

export type ReserveBody = { eventId: string; ticketIds: string[] } | { eventId: string; section: string; quantity: number };

/** Reserve seats; the Idempotency-Key makes a retried click safe, the queue pass (when held) opens a waiting room. */
export async function reserve(body: ReserveBody): Promise<ReservationView> {
  const headers: Record<string, string> = { "idempotency-key": crypto.randomUUID() };
  const pass = getPass(body.eventId);
  if (pass) headers["queue-pass"] = pass;
  const { data } = await api<ReservationView>("/api/booking/reserve", { method: "POST", body, auth: true, headers });
  return data;
}
