namespace TicketBooking.Inventory;

/// <summary>
/// One sellable seat of one event, as stored: one document per ticket, partitioned by event id.
/// <see cref="Version"/> grows by one on every write, so copies of a ticket can be ordered.
/// </summary>
public sealed record Ticket(
    string EventId,
    string TicketId,
    string Section,
    int Row,
    int Seat,
    decimal Price,
    string Currency,
    TicketStatus Status = TicketStatus.Available,
    string? ReservationId = null,
    DateTimeOffset? HeldUntil = null,
    long Version = 1)
{
    /// <summary>The id of a seat, readable by people: section, row and seat number (<c>A-3-12</c>).</summary>
    public static string IdOf(string section, int row, int seat) => $"{section}-{row}-{seat}";

    /// <summary>The status a reader sees: a hold whose time has passed reads as available (lazy expiry).</summary>
    public TicketStatus StatusAt(DateTimeOffset now) =>
        Status == TicketStatus.Held && HeldUntil <= now ? TicketStatus.Available : Status;

    /// <summary>Whether reservation <paramref name="reservationId"/> may take this ticket now.</summary>
    public bool IsClaimableBy(string reservationId, DateTimeOffset now) =>
        StatusAt(now) == TicketStatus.Available || (Status == TicketStatus.Held && ReservationId == reservationId);

    public Ticket HeldBy(string reservationId, DateTimeOffset until) =>
        this with { Status = TicketStatus.Held, ReservationId = reservationId, HeldUntil = until, Version = Version + 1 };

    public Ticket Released() =>
        this with { Status = TicketStatus.Available, ReservationId = null, HeldUntil = null, Version = Version + 1 };

    public Ticket BookedBy(string reservationId) =>
        this with { Status = TicketStatus.Booked, ReservationId = reservationId, HeldUntil = null, Version = Version + 1 };
}
