namespace TicketBooking.Refunds;

/// <summary>
/// One entry of an event's booking index: booking <see cref="Id"/> of <see cref="UserId"/> (from reservation
/// <see cref="ReservationId"/>). Written before the seats are booked, so every booking of an event has its entry
/// (an entry whose reservation never booked is skipped when the event is cancelled).
/// </summary>
public sealed record EventBooking(string Id, string EventId, string UserId, string ReservationId);
