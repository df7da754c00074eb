import { api, ApiError } from "./api";
import type { WaitingRoomView } from "./types";

/** The queue pass and queue entry of one event, kept in localStorage so a reload keeps the place. */
interface StoredPass {
  pass: string;
  expiresAt: string;
}

export function getPass(eventId: string): string | null {
  try {
    const p = JSON.parse(localStorage.getItem(`tb.pass.${eventId}`) ?? "null") as StoredPass | null;
    return p && Date.parse(p.expiresAt) > Date.now() ? p.pass : null;
  } catch {
    return null;
  }
}

export function setPass(eventId: string, pass: string, expiresAt: string): void {
  localStorage.setItem(`tb.pass.${eventId}`, JSON.stringify({ pass, expiresAt }));
}

export function getQueueId(eventId: string): string | null {
  return localStorage.getItem(`tb.queue.${eventId}`);
}

export function setQueueId(eventId: string, queueId: string | null): void {
  if (queueId) localStorage.setItem(`tb.queue.${eventId}`, queueId);
  else localStorage.removeItem(`tb.queue.${eventId}`);
}

/** Whether the event sells through its waiting list: it sold out, and returned seats go to those in line. */
export function isWaitingList(room: WaitingRoomView | null): boolean {
  return !!room && (!!room.listOpen || !!room.soldOut);
}

/**
 * The event's waiting room or waiting list, or null when it has neither (no room or one that is off, and seats on
 * sale; or a service without waiting rooms).
 */
export async function fetchRoom(eventId: string, signal?: AbortSignal): Promise<WaitingRoomView | null> {
  try {
    const { data } = await api<WaitingRoomView>(`/api/event/${encodeURIComponent(eventId)}/waiting-room`, signal ? { signal } : {});
    return (data.enabled && data.state !== "off") || isWaitingList(data) ? data : null;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
