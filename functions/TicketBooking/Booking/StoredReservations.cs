namespace TicketBooking.Booking;

/// <summary>
/// Reading a user's reservations, and the one way a stored reservation changes: read it, decide the next state, replace
/// it if its ETag still matches, and on a conflict read and decide again. Every use case changes reservations through
/// <see cref="UpdateAsync"/>.
/// </summary>
public sealed class StoredReservations(IReservationStore store)
{
    /// <summary>How many times <see cref="UpdateAsync"/> reads and decides again before giving up.</summary>
    public const int MaxWriteAttempts = 10;

    /// <summary>The user's reservation.</summary>
    /// <exception cref="DomainException">Of kind <see cref="ErrorKind.ReservationNotFound"/>: the user has no reservation with that id.</exception>
    public async Task<Reservation> GetAsync(string userId, string reservationId, CancellationToken cancellationToken) =>
        await FindAsync(userId, reservationId, cancellationToken) ?? throw ReservationErrors.NotFound(reservationId);

    /// <summary>The user's reservation, or null when there is none with that id (or the id is not one of ours).</summary>
    public async Task<Reservation?> FindAsync(string userId, string reservationId, CancellationToken cancellationToken) =>
        Reservation.IsWellFormedId(reservationId) ? (await store.GetAsync(userId, reservationId, cancellationToken))?.Reservation : null;

    public Task<ReservationPage> ListAsync(string userId, int pageSize, string? afterSortKey, CancellationToken cancellationToken) =>
        store.ListAsync(userId, pageSize, afterSortKey, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> (a transition of <see cref="Reservation"/>, null when it does not apply) with an
    /// ETag-guarded replace, reading and deciding again on a conflict. Returns the stored state and whether it changed.
    /// </summary>
    /// <exception cref="DomainException">Of kind <see cref="ErrorKind.ReservationNotFound"/> when the reservation does not
    /// exist; of kind <see cref="ErrorKind.Unavailable"/> when it kept changing under <see cref="MaxWriteAttempts"/> tries.</exception>
    public async Task<(Reservation Current, bool Changed)> UpdateAsync(string userId, string reservationId, Func<Reservation, Reservation?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var stored = await store.GetAsync(userId, reservationId, cancellationToken) ?? throw ReservationErrors.NotFound(reservationId);
            var next = change(stored.Reservation);
            if (next is null)
            {
                return (stored.Reservation, false);
            }

            if (await store.TryReplaceAsync(next, stored.ETag, cancellationToken) is not null)
            {
                return (next, true);
            }
        }

        throw new DomainException(ErrorKind.Unavailable, "The reservation is changing.",
            $"Reservation {reservationId} kept changing while it was being updated. Try again in a moment.",
            new Dictionary<string, object?> { ["reservationId"] = reservationId });
    }
}
