using System.Diagnostics;
using TicketBooking.Catalog;
using TicketBooking.Inventory;

namespace TicketBooking.Booking;

/// <summary>
/// Reserving seats: the chosen tickets, or the best adjacent block of a section, held all-or-nothing until the hold's
/// time, and the reservation stored; the per-user ticket limit holds even against concurrent reserves of one user.
/// An Idempotency-Key makes a repeated reserve answer with the first one's reservation.
/// </summary>
public sealed class ReserveSeats(
    StoredReservations store,
    ITicketInventory inventory,
    EventCatalog catalog,
    AvailabilityBoard board,
    CancelOrExpire abandon,
    IOptions<BookingOptions> options,
    TimeProvider time,
    ILogger<ReserveSeats> logger)
{
    public const int MaxTicketsPerReservation = 10;

    /// <summary>Best available: most lost races, and most time, one reserve spends before answering 503.</summary>
    private const int MaxPickConflicts = 32;
    private static readonly TimeSpan PickBudget = TimeSpan.FromSeconds(10);

    /// <summary>Best available: how recent a section read may be to confirm "unavailable" without another one.</summary>
    private static readonly TimeSpan VerifyInterval = TimeSpan.FromSeconds(1);

    /// <summary>Best available: the longest wait for another buyer's claim before looking again.</summary>
    private static readonly TimeSpan ClaimWait = TimeSpan.FromMilliseconds(50);

    private readonly RecentTicketCounts _recent = new();

    private BookingOptions Options => options.Value;

    /// <summary>Holds the seats and stores the reservation. <c>Created</c> is false when an Idempotency-Key replay found it.</summary>
    public async Task<(Reservation Reservation, bool Created)> ReserveAsync(string userId, ReserveRequest body, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var request = ReserveRequest.Validate(body);
        var requestHash = request.Fingerprint();
        var reservationId = idempotencyKey is null ? Reservation.NewId() : Reservation.IdFor(userId, idempotencyKey);
        if (idempotencyKey is not null && await store.FindAsync(userId, reservationId, cancellationToken) is { } replayed)
        {
            return (SameRequestOrThrow(replayed, requestHash), false);
        }

        TicketBookingTelemetry.Tag(request.EventId, reservationId);
        var record = await catalog.GetRecordAsync(request.EventId, cancellationToken);
        var now = time.GetUtcNow();
        if (record.Status == EventStatus.Cancelled || record.StartsAt <= now)
        {
            throw new DomainException(ErrorKind.SalesClosed, "Tickets for this event are not on sale.",
                record.Status == EventStatus.Cancelled ? $"Event '{record.Id}' was cancelled." : $"Event '{record.Id}' has already started.");
        }

        var quantity = request.TicketIds?.Count ?? request.Quantity!.Value;
        if (_recent.TicketsAt(userId, record.Id, now) + quantity > Options.MaxTicketsPerUser)
        {
            // This instance last saw the user at or near the limit: ask the store before holding anything (only a
            // fresh answer may refuse). Otherwise the check after storing is the only one.
            var before = await ActiveTicketsAsync(userId, record.Id, now, cancellationToken);
            if (before + quantity > Options.MaxTicketsPerUser)
            {
                throw TicketLimit(before);
            }
        }

        // From the first seat held on, the steps run to the end even if the caller goes away: a request cancelled
        // half-way would leave seats held (until their time) by no stored reservation.
        var expiresAt = now + Options.HoldDuration;
        var held = request.TicketIds is { } ids
            ? await HoldChosenAsync(record.Id, reservationId, ids, expiresAt, CancellationToken.None)
            : await HoldBestAvailableAsync(record, reservationId, request.Section!, quantity, expiresAt, CancellationToken.None);

        var tickets = held.OrderBy(t => t.Section, StringComparer.Ordinal).ThenBy(t => t.Row).ThenBy(t => t.Seat)
            .Select(t => new ReservedTicket(t.TicketId, t.Section, t.Row, t.Seat, t.Price)).ToArray();
        var reservation = new Reservation(reservationId, userId, record.Id, tickets, tickets.Sum(t => t.Price), held[0].Currency,
            ReservationStatus.Held, now, expiresAt, ReservationPayment.None,
            [new ReservationChange(ReservationStatus.Held, now, $"{tickets.Length} seat(s) held until {expiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}")], requestHash);

        if (!await store.CreateAsync(reservation, CancellationToken.None))
        {
            // The same Idempotency-Key raced with itself: the other request stored first. Give back any seat only we took.
            var winner = await store.FindAsync(userId, reservationId, CancellationToken.None)
                ?? throw new DomainException(ErrorKind.Unavailable, "The reservation could not be read.",
                    $"Reservation {reservationId} was stored by a concurrent request and cannot be read yet. Try again in a moment.");
            // (If the stored one has already ended, none of the seats this request held under its id may stay held.)
            var extra = winner.IsFinal
                ? reservation.TicketIds
                : reservation.TicketIds.Except(winner.TicketIds, StringComparer.Ordinal).ToArray();
            if (extra.Count > 0)
            {
                await inventory.ReleaseAsync(record.Id, reservationId, extra, CancellationToken.None);
            }

            return (SameRequestOrThrow(winner, requestHash), false);
        }

        await EnforceLimitAsync(reservation, CancellationToken.None);
        TicketBookingMetrics.RecordHold(record.Id);
        logger.LogInformation("Reservation {ReservationId} holds {TicketCount} seat(s) of {EventId} until {ExpiresAt}",
            reservationId, tickets.Length, record.Id, expiresAt);
        return (reservation, true);
    }

    /// <summary>
    /// Concurrent reserves of one user can all pass the check before holding. After storing, each looks at all of the
    /// user's active reservations for the event in creation order (time, then id): those past the limit give way. A
    /// held one past the limit is cancelled by whoever sees it (it may be another request's); if this one is past the
    /// limit, or one past it has moved on to paying or booked, this one gives way (one already cancelled by another
    /// request counts as given way). The last request to look sees every
    /// reservation stored before it, so the limit holds once they have all answered.
    /// </summary>
    private async Task EnforceLimitAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = (await store.ListForEventAsync(reservation.UserId, reservation.EventId, cancellationToken))
            .Where(r => r.CountsAt(now) || r.Id == reservation.Id)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var total = 0;
        var keep = true;
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in active)
        {
            total += r.Tickets.Count;
            if (total <= Options.MaxTicketsPerUser)
            {
                continue;
            }

            total -= r.Tickets.Count;
            if (r.Id == reservation.Id)
            {
                keep = false;
                given.Add(r.Id);
            }
            else if (r.Status != ReservationStatus.Held || !await abandon.TryAbandonAsync(r, "Over the per-user ticket limit", cancellationToken))
            {
                keep = false;
                total += r.Tickets.Count;
            }
            else
            {
                given.Add(r.Id);
            }
        }

        _recent.Remember(reservation.UserId, reservation.EventId, active.Where(r => !given.Contains(r.Id) && (keep || r.Id != reservation.Id)));
        if (!keep)
        {
            var others = active.Where(r => r.Id != reservation.Id).Sum(r => r.Tickets.Count);
            await abandon.AbandonAsync(reservation, "Over the per-user ticket limit", CancellationToken.None);
            throw TicketLimit(Math.Min(others, Options.MaxTicketsPerUser));
        }
    }

    private async Task<IReadOnlyList<Ticket>> HoldChosenAsync(string eventId, string reservationId, IReadOnlyList<string> ticketIds,
        DateTimeOffset until, CancellationToken cancellationToken)
    {
        var result = await inventory.HoldAsync(eventId, reservationId, ticketIds, until, cancellationToken);
        if (result.UnknownTicketIds.Count > 0)
        {
            throw new DomainException(ErrorKind.UnknownTickets, "Some tickets do not exist.",
                $"Event '{eventId}' has no tickets {string.Join(", ", result.UnknownTicketIds)}. Ticket ids look like 'A-3-12' (section-row-seat).",
                new Dictionary<string, object?> { ["unknownTicketIds"] = result.UnknownTicketIds });
        }

        if (!result.Succeeded)
        {
            throw Unavailable($"{result.UnavailableTicketIds.Count} of the requested tickets are held or booked by someone else; nothing was held.",
                result.UnavailableTicketIds);
        }

        return result.Tickets;
    }

    /// <summary>
    /// Best available under a rush (ADR 0013): pick from the board's index of free seats, spread over the best equally
    /// good blocks, claim the block on this instance so local buyers never race for it, then hold it. A lost race moves
    /// on to the next block after reading the section from the store again (the board lagged it).
    /// "Unavailable" is only answered when, after such a read, the section has no N adjacent free seats; a pick that
    /// runs out of tries or time first answers 503 with Retry-After instead.
    /// </summary>
    private async Task<IReadOnlyList<Ticket>> HoldBestAvailableAsync(EventRecord record, string reservationId, string section, int quantity,
        DateTimeOffset until, CancellationToken cancellationToken)
    {
        var layout = record.FindSection(section) ?? throw new DomainException(ErrorKind.SectionNotFound,
            "Section not found.", $"Event '{record.Id}' has no section '{section}'. It has: {string.Join(", ", record.Sections.Select(s => s.Name))}.");
        var eventBoard = await board.GetAsync(record.Id, record.OverAt, ct => inventory.GetTicketsAsync(record.Id, null, ct), cancellationToken);
        Task<IReadOnlyList<Ticket>> ReadSection(CancellationToken ct) => inventory.GetTicketsAsync(record.Id, layout.Name, ct);

        var started = Stopwatch.GetTimestamp();
        var lost = new HashSet<string>(StringComparer.Ordinal);
        var conflicts = 0;
        var verified = false;
        while (Stopwatch.GetElapsedTime(started) < PickBudget)
        {
            var candidates = SeatPicker.Candidates(eventBoard.FreeRows(layout.Name, quantity), quantity, lost);
            if (candidates.Count == 0)
            {
                if (SeatPicker.Candidates(eventBoard.FreeRows(layout.Name, quantity, includeClaimed: true), quantity, lost, limit: 1).Count > 0)
                {
                    // Only seats other buyers of this instance are trying for are left: wait for one of them to finish.
                    await Task.WhenAny(eventBoard.ClaimEndedAsync(layout.Name), Task.Delay(ClaimWait, CancellationToken.None));
                    continue;
                }

                if (!verified)
                {
                    // Before answering "unavailable", make sure the board has not missed seats coming free in the store.
                    verified = true;
                    await eventBoard.RefreshAsync(layout.Name, ReadSection, VerifyInterval);
                    lost.Clear();
                    continue;
                }

                var left = eventBoard.SeatsLeft(layout.Name);
                throw Unavailable(left == 0
                        ? $"Section '{layout.Name}' is sold out."
                        : $"Section '{layout.Name}' has {left} seat(s) left, but not {quantity} adjacent ones in one row.",
                    [], left);
            }

            var block = SeatPicker.Choose(candidates, Random.Shared).Seats;
            if (!eventBoard.TryClaim(layout.Name, block))
            {
                continue;
            }

            HoldResult result;
            try
            {
                result = await inventory.HoldAsync(record.Id, reservationId, block.Select(t => t.TicketId).ToArray(), until, cancellationToken);
            }
            finally
            {
                eventBoard.Unclaim(layout.Name, block);
            }

            if (result.Succeeded)
            {
                return result.Tickets;
            }

            // Lost the race for this block (to another instance, or a chosen-seat reserve): the board lags the store.
            // Never try these seats again in this request, and read the section again (one read at a time per section:
            // buyers losing races together share it).
            lost.UnionWith(result.UnavailableTicketIds.Count > 0 ? result.UnavailableTicketIds : block.Select(t => t.TicketId));
            if (++conflicts >= MaxPickConflicts)
            {
                break;
            }

            await eventBoard.RefreshAsync(layout.Name, ReadSection, TimeSpan.Zero);
        }

        logger.LogWarning("Best available in {EventId} section {Section} gave up after {Conflicts} lost races in {Elapsed} ms",
            record.Id, layout.Name, conflicts, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        throw new DomainException(ErrorKind.Unavailable, "Too many buyers for these seats right now.",
            $"Section '{layout.Name}' still has {eventBoard.SeatsLeft(layout.Name)} seat(s), but other buyers took every block tried. Try again in a moment.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };
    }

    private async Task<int> ActiveTicketsAsync(string userId, string eventId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await store.ListForEventAsync(userId, eventId, cancellationToken)).Where(r => r.CountsAt(now)).Sum(r => r.Tickets.Count);

    private static Reservation SameRequestOrThrow(Reservation existing, string requestHash) =>
        existing.RequestHash == requestHash
            ? existing
            : throw new DomainException(ErrorKind.IdempotencyKeyReused,
                "The Idempotency-Key was already used for another request.",
                $"This key made reservation {existing.Id} with a different body. Use a new key for a new reservation.",
                new Dictionary<string, object?> { ["reservationId"] = existing.Id });

    private DomainException TicketLimit(int alreadyHeld) =>
        new(ErrorKind.TicketLimit, "Ticket limit reached.",
            $"A customer may hold or book at most {Options.MaxTicketsPerUser} tickets per event; you already have {alreadyHeld}.",
            new Dictionary<string, object?> { ["limit"] = Options.MaxTicketsPerUser, ["current"] = alreadyHeld });

    private static DomainException Unavailable(string detail, IReadOnlyList<string> ticketIds, int? seatsLeft = null) =>
        new(ErrorKind.TicketsUnavailable, "The tickets are not available.", detail,
            seatsLeft is { } left
                ? new Dictionary<string, object?> { ["unavailableTicketIds"] = ticketIds, ["seatsLeft"] = left }
                : new Dictionary<string, object?> { ["unavailableTicketIds"] = ticketIds });
}
