namespace TicketBooking.Tickets;

/// <summary>What a ticket code says: this seat of this event belongs to this booking of this user.</summary>
public sealed record TicketCode(string EventId, string BookingId, string TicketId, string UserId);
