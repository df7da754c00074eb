namespace TicketBooking.Inventory;

/// <summary>
/// The ticket inventory: the only way a ticket changes status. Every change is a conditional write on
/// one ticket document, so no ticket ever has two holders.
/// </summary>
public interface ITicketInventory
{
    /// <summary>Creates the tickets of a new event (all available). Existing ids are left as they are.</summary>
    Task AddTicketsAsync(string eventId, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken = default);

    /// <summary>
    /// Holds every ticket in <paramref name="ticketIds"/> for the reservation until <paramref name="until"/>,
    /// or none of them. Tickets this reservation already holds are held again with the new time.
    /// </summary>
    Task<HoldResult> HoldAsync(string eventId, string reservationId, IReadOnlyCollection<string> ticketIds, DateTimeOffset until,
        CancellationToken cancellationToken = default);

    /// <summary>Makes available again those of <paramref name="ticketIds"/> that this reservation still holds.</summary>
    Task<int> ReleaseAsync(string eventId, string reservationId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts back on sale those of <paramref name="ticketIds"/> that this reservation booked (a refunded booking): the
    /// number made available. Repeated calls change nothing more.
    /// </summary>
    Task<int> ReturnBookedAsync(string eventId, string reservationId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the reservation's held tickets booked, all or none. Succeeds only where every ticket is held
    /// by (or already booked by) this reservation, even if the hold time has passed but nobody took it.
    /// </summary>
    Task<BookResult> BookAsync(string eventId, string reservationId, IReadOnlyCollection<string> ticketIds,
        CancellationToken cancellationToken = default);

    /// <summary>One ticket as stored (a point read), or null when the event has no such ticket.</summary>
    Task<Ticket?> GetTicketAsync(string eventId, string ticketId, CancellationToken cancellationToken = default);

    /// <summary>The tickets of an event (one section, or all when <paramref name="section"/> is null), as stored.</summary>
    Task<IReadOnlyList<Ticket>> GetTicketsAsync(string eventId, string? section = null, CancellationToken cancellationToken = default);
}
