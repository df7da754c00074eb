using System.Collections.Concurrent;

namespace TicketBooking.Booking;

/// <summary>
/// Reading a user's reservations, and the one way a stored reservation changes: decide the next state from the copy in
/// hand, replace it if its ETag still matches, and on a conflict (only then) read and decide again. Every use case
/// changes reservations through <see cref="UpdateAsync(StoredReservation, Func{Reservation, Reservation?}, CancellationToken)"/>
/// (from a copy it holds) or <see cref="UpdateAsync(string, string, Func{Reservation, Reservation?}, CancellationToken)"/> (reads first).
/// It keeps the last copy this instance created or wrote of each open reservation (up to <see cref="MaxCopies"/>), so
/// a confirm on the instance that made the reservation starts from it without a read (<see cref="GetLastCopyOrStoredAsync"/>).
/// </summary>
public sealed class StoredReservations(IReservationStore store)
{
    /// <summary>How many times <see cref="UpdateAsync"/> reads and decides again before giving up.</summary>
    public const int MaxWriteAttempts = 10;

    /// <summary>Most open reservations whose last copy is kept (about 1 KB each); beyond that it starts again empty.</summary>
    public const int MaxCopies = 50_000;

    private readonly ConcurrentDictionary<string, StoredReservation> _copies = new(StringComparer.Ordinal);

    /// <summary>Stores a new reservation and keeps its copy; false when one with that id already exists for the user.</summary>
    public async Task<bool> CreateAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        if (await store.CreateAsync(reservation, cancellationToken) is not { } etag)
        {
            return false;
        }

        Keep(new StoredReservation(reservation, etag));
        return true;
    }

    /// <summary>The user's reservations for one event (for the per-user ticket limit), read now.</summary>
    public Task<IReadOnlyList<Reservation>> ListForEventAsync(string userId, string eventId, CancellationToken cancellationToken) =>
        store.ListForEventAsync(userId, eventId, cancellationToken);

    /// <summary>
    /// The last copy this instance created or wrote of the user's open reservation (<c>Fresh</c> false: it may be
    /// old, so a change from it must not refuse on it alone), or the stored one read now (<c>Fresh</c> true).
    /// </summary>
    /// <exception cref="DomainException">Of kind <see cref="ErrorKind.ReservationNotFound"/>: the user has no reservation with that id.</exception>
    public async Task<(StoredReservation Stored, bool Fresh)> GetLastCopyOrStoredAsync(string userId, string reservationId,
        CancellationToken cancellationToken) =>
        _copies.TryGetValue(reservationId, out var copy) && copy.Reservation.UserId == userId
            ? (copy, false)
            : (await GetStoredAsync(userId, reservationId, cancellationToken), true);

    private void Keep(StoredReservation stored)
    {
        if (stored.Reservation.IsFinal || string.IsNullOrEmpty(stored.ETag))
        {
            _copies.TryRemove(stored.Reservation.Id, out _);
            return;
        }

        if (_copies.Count >= MaxCopies)
        {
            _copies.Clear();
        }

        _copies[stored.Reservation.Id] = stored;
    }

    /// <summary>The user's reservation.</summary>
    /// <exception cref="DomainException">Of kind <see cref="ErrorKind.ReservationNotFound"/>: the user has no reservation with that id.</exception>
    public async Task<Reservation> GetAsync(string userId, string reservationId, CancellationToken cancellationToken) =>
        await FindAsync(userId, reservationId, cancellationToken) ?? throw ReservationErrors.NotFound(reservationId);

    /// <summary>The user's reservation, or null when there is none with that id (or the id is not one of ours).</summary>
    public async Task<Reservation?> FindAsync(string userId, string reservationId, CancellationToken cancellationToken) =>
        Reservation.IsWellFormedId(reservationId) ? (await store.GetAsync(userId, reservationId, cancellationToken))?.Reservation : null;

    /// <summary>The user's reservation with its ETag, to change it later without reading it again.</summary>
    /// <exception cref="DomainException">Of kind <see cref="ErrorKind.ReservationNotFound"/>: the user has no reservation with that id.</exception>
    public async Task<StoredReservation> GetStoredAsync(string userId, string reservationId, CancellationToken cancellationToken) =>
        await FindStoredAsync(userId, reservationId, cancellationToken) ?? throw ReservationErrors.NotFound(reservationId);

    /// <summary>The user's reservation with its ETag, or null when there is none with that id.</summary>
    public async Task<StoredReservation?> FindStoredAsync(string userId, string reservationId, CancellationToken cancellationToken) =>
        Reservation.IsWellFormedId(reservationId) ? await store.GetAsync(userId, reservationId, cancellationToken) : null;

    public Task<ReservationPage> ListAsync(string userId, int pageSize, string? afterSortKey, CancellationToken cancellationToken) =>
        store.ListAsync(userId, pageSize, afterSortKey, cancellationToken);

    /// <summary>
    /// Reads the reservation, then applies <paramref name="change"/> as <see cref="UpdateAsync(StoredReservation, Func{Reservation, Reservation?}, CancellationToken)"/>.
    /// Returns the stored state and whether it changed.
    /// </summary>
    /// <exception cref="DomainException">Of kind <see cref="ErrorKind.ReservationNotFound"/> when the reservation does not
    /// exist; of kind <see cref="ErrorKind.Unavailable"/> when it kept changing under <see cref="MaxWriteAttempts"/> tries.</exception>
    public async Task<(Reservation Current, bool Changed)> UpdateAsync(string userId, string reservationId, Func<Reservation, Reservation?> change,
        CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(userId, reservationId, cancellationToken) ?? throw ReservationErrors.NotFound(reservationId);
        var (current, changed) = await UpdateAsync(stored, change, cancellationToken, fresh: true);
        return (current.Reservation, changed);
    }

    /// <summary>
    /// Applies <paramref name="change"/> (a transition of <see cref="Reservation"/>, null when it does not apply) to the copy
    /// in hand with an ETag-guarded replace; only when the replace answers that the reservation changed is it read and the
    /// change decided again. Where <paramref name="change"/> does not apply to the copy in hand, the reservation is read and
    /// decided again too (the copy may be old; only the store may say no). Returns the stored state with its ETag and whether it changed.
    /// </summary>
    /// <exception cref="DomainException">Of kind <see cref="ErrorKind.ReservationNotFound"/> when the reservation is gone; of
    /// kind <see cref="ErrorKind.Unavailable"/> when it kept changing under <see cref="MaxWriteAttempts"/> tries.</exception>
    /// <param name="fresh">The copy was read just now: where the change does not apply, that is the answer without another read.</param>
    public async Task<(StoredReservation Current, bool Changed)> UpdateAsync(StoredReservation known, Func<Reservation, Reservation?> change,
        CancellationToken cancellationToken, bool fresh = false)
    {
        var stored = known;
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var next = change(stored.Reservation);
            if (next is null && fresh)
            {
                return (stored, false);
            }

            if (next is not null && await store.TryReplaceAsync(next, stored.ETag, cancellationToken) is { } etag)
            {
                var written = new StoredReservation(next, etag);
                Keep(written);
                return (written, true);
            }

            stored = await store.GetAsync(known.Reservation.UserId, known.Reservation.Id, cancellationToken)
                ?? throw ReservationErrors.NotFound(known.Reservation.Id);
            Keep(stored);
            fresh = true;
        }

        var reservationId = known.Reservation.Id;
        throw new DomainException(ErrorKind.Unavailable, "The reservation is changing.",
            $"Reservation {reservationId} kept changing while it was being updated. Try again in a moment.",
            new Dictionary<string, object?> { ["reservationId"] = reservationId });
    }
}
