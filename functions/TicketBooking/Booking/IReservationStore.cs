namespace TicketBooking.Booking;

/// <summary>
/// Where reservations are kept: one document per reservation in its owner's partition, so everything a user asks for
/// (one reservation, the list, the per-event limit) is a point read or a single-partition query.
/// </summary>
public interface IReservationStore
{
    /// <summary>Stores a new reservation: its ETag, or null when one with that id already exists for the user.</summary>
    Task<string?> CreateAsync(Reservation reservation, CancellationToken cancellationToken = default);

    /// <summary>The user's reservation with its ETag, or null (also for another user's reservation id).</summary>
    Task<StoredReservation?> GetAsync(string userId, string reservationId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the reservation if its stored ETag is still <paramref name="ifMatch"/>; the new ETag, or null when it changed.</summary>
    Task<string?> TryReplaceAsync(Reservation reservation, string ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The user's reservations, newest first, <paramref name="pageSize"/> at a time after the cursor <paramref name="after"/>.</summary>
    Task<ReservationPage> ListAsync(string userId, int pageSize, string? after = null, CancellationToken cancellationToken = default);

    /// <summary>The user's reservations for one event (for the per-user ticket limit).</summary>
    Task<IReadOnlyList<Reservation>> ListForEventAsync(string userId, string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Held reservations no payment has started on (<see cref="ReservationPayment.Attempt"/> 0) whose hold ends before
    /// <paramref name="endingBefore"/>, at most <paramref name="max"/> of them, across all users (a cross-partition
    /// query, for <see cref="HoldExpiry"/>'s scan).
    /// </summary>
    Task<IReadOnlyList<Reservation>> ListOpenHoldsAsync(DateTimeOffset endingBefore, int max, CancellationToken cancellationToken = default);
}
