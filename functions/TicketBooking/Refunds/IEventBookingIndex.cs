namespace TicketBooking.Refunds;

/// <summary>
/// Bookings by event (bookings themselves are kept in their owner's partition), and the progress of a cancelled
/// event's refunds. In Cosmos one container partitioned by event id: listing an event's bookings is a single-partition query.
/// </summary>
public interface IEventBookingIndex
{
    /// <summary>Adds the entry unless it is there already (a retried confirmation adds it once).</summary>
    Task AddAsync(EventBooking entry, CancellationToken cancellationToken = default);

    /// <summary>The event's entries in booking id order, <paramref name="pageSize"/> at a time after the cursor <paramref name="after"/>.</summary>
    Task<EventBookingPage> ListAsync(string eventId, int pageSize, string? after = null, CancellationToken cancellationToken = default);

    Task<CancellationProgress?> GetProgressAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Stores the progress (one writer: the event's cancellation orchestration).</summary>
    Task SaveProgressAsync(CancellationProgress progress, CancellationToken cancellationToken = default);
}
