namespace TicketBooking.WaitingRoom;

/// <summary>
/// <c>GET /api/event/{eventId}/waiting-room</c>: the room's settings and where admission stands. <see cref="Serving"/>
/// is the highest admitted position; <see cref="Waiting"/> counts those known to the room and not admitted yet (once
/// <see cref="ListOpen"/>, the length of the waiting list). <see cref="SoldOut"/>: no seat is free or held right now.
/// Once the event sold out, its waiting list is open until the event starts: joins go to the list, each seat that comes
/// back admits the next person in line, and reserve needs a pass.
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
    long Waiting,
    bool SoldOut = false,
    bool ListOpen = false);
