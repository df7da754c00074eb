namespace TicketBooking.WaitingRoom;

/// <summary>
/// <c>GET /api/event/{eventId}/waiting-room</c>: the room's settings and where admission stands. <see cref="Serving"/>
/// is the highest admitted position; <see cref="Waiting"/> counts those known to the room and not admitted yet.
/// </summary>
public sealed record WaitingRoomView(
    string EventId,
    bool Enabled,
    WaitingRoomState State,
    DateTimeOffset? OpensAt,
    DateTimeOffset? OnSaleAt,
    int? AdmitPerMinute,
    int? PassMinutes,
    long Serving,
    long Waiting);
