namespace TicketBooking.WaitingRoom;

/// <summary>The <c>waitingRoom</c> member of an event's creation, and the body of <c>PUT /api/admin/events/{eventId}/waiting-room</c>.</summary>
public sealed class WaitingRoomInput
{
    public bool? Enabled { get; init; }
    public DateTimeOffset? OpensAt { get; init; }
    public DateTimeOffset? OnSaleAt { get; init; }
    public int? AdmitPerMinute { get; init; }
    public int? PassMinutes { get; init; }
}
