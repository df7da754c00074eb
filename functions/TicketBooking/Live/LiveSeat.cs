using TicketBooking.Inventory;

namespace TicketBooking.Live;

/// <summary>A seat's new status in a <c>seats</c> event (a lapsed hold reads as available).</summary>
public sealed record LiveSeat(string TicketId, TicketStatus Status);
