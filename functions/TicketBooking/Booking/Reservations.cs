using System.Security.Cryptography;
using System.Text;
using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>What a confirm call ended in: confirmed, or waiting for the customer (3-D Secure).</summary>
public sealed record ConfirmOutcome(Reservation Reservation, string? ClientSecret = null, string? PaymentId = null)
{
    public bool RequiresAction => ClientSecret is not null;
}

/// <summary>
/// The two-phase booking: reserve (hold seats), confirm (charge, book, store the booking), cancel, and the
/// orchestration's steps (expire, apply a payment outcome). Every status change is an ETag-guarded write on the
/// reservation, every seat change a conditional write in the inventory; both hosts and the orchestration call this.
/// </summary>
public sealed class Reservations(
    IReservationStore store,
    IBookingStore bookings,
    ITicketInventory inventory,
    IPaymentGateway payments,
    EventCatalog catalog,
    AvailabilityBoard board,
    IOptions<BookingOptions> options,
    TimeProvider time,
    ILogger<Reservations> logger)
{
    public const int MaxTicketsPerReservation = 10;
    private const int MaxPickAttempts = 5;
    private const int MaxWriteAttempts = 10;

    private BookingOptions Options => options.Value;

    // ---------------------------------------------------------------- reserve

    /// <summary>Holds the seats and stores the reservation. <c>Created</c> is false when an Idempotency-Key replay found it.</summary>
    public async Task<(Reservation Reservation, bool Created)> ReserveAsync(string userId, ReserveRequest body, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var request = ReserveRequest.Validate(body);
        var requestHash = request.Fingerprint();
        var reservationId = idempotencyKey is null ? Reservation.NewId() : Reservation.IdFor(userId, idempotencyKey);
        if (idempotencyKey is not null && await store.GetAsync(userId, reservationId, cancellationToken) is { } replayed)
        {
            return (SameRequestOrThrow(replayed.Reservation, requestHash), false);
        }

        var record = await catalog.GetRecordAsync(request.EventId, cancellationToken);
        var now = time.GetUtcNow();
        if (record.Status == EventStatus.Cancelled || record.StartsAt <= now)
        {
            throw new DomainException(ErrorKind.SalesClosed, "Tickets for this event are not on sale.",
                record.Status == EventStatus.Cancelled ? $"Event '{record.Id}' was cancelled." : $"Event '{record.Id}' has already started.");
        }

        var quantity = request.TicketIds?.Count ?? request.Quantity!.Value;
        var before = await ActiveTicketsAsync(userId, record.Id, now, cancellationToken);
        if (before + quantity > Options.MaxTicketsPerUser)
        {
            throw TicketLimit(before);
        }

        // From the first seat held on, the steps run to the end even if the caller goes away: a request cancelled
        // half-way would leave seats held (until their time) by a reservation that has no orchestration.
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
            var winner = await store.GetAsync(userId, reservationId, CancellationToken.None)
                ?? throw new InvalidOperationException($"Reservation {reservationId} exists and cannot be read.");
            // (If the stored one has already ended, none of the seats this request held under its id may stay held.)
            var extra = winner.Reservation.IsFinal
                ? reservation.TicketIds
                : reservation.TicketIds.Except(winner.Reservation.TicketIds, StringComparer.Ordinal).ToArray();
            if (extra.Count > 0)
            {
                await inventory.ReleaseAsync(record.Id, reservationId, extra, CancellationToken.None);
            }

            return (SameRequestOrThrow(winner.Reservation, requestHash), false);
        }

        await EnforceLimitAsync(reservation, CancellationToken.None);
        logger.LogInformation("Reservation {ReservationId} of {UserId} holds {TicketCount} seat(s) of {EventId} until {ExpiresAt}",
            reservationId, userId, tickets.Length, record.Id, expiresAt);
        return (reservation, true);
    }

    /// <summary>
    /// Concurrent reserves of one user can all pass the check before holding. After storing, each looks at all of the
    /// user's active reservations for the event in creation order (time, then id): those past the limit give way. A
    /// held one past the limit is cancelled by whoever sees it (it may be another request's); if this one is past the
    /// limit, or one past it can no longer be cancelled, this one gives way. The last request to look sees every
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
            }
            else if (r.Status != ReservationStatus.Held || !await TryAbandonAsync(r, "Over the per-user ticket limit", cancellationToken))
            {
                keep = false;
                total += r.Tickets.Count;
            }
        }

        if (!keep)
        {
            var others = active.Where(r => r.Id != reservation.Id).Sum(r => r.Tickets.Count);
            await AbandonAsync(reservation, "Over the per-user ticket limit", CancellationToken.None);
            throw TicketLimit(Math.Min(others, Options.MaxTicketsPerUser));
        }
    }

    private async Task<bool> TryAbandonAsync(Reservation reservation, string reason, CancellationToken cancellationToken)
    {
        var (_, changed) = await UpdateAsync(reservation.UserId, reservation.Id,
            r => r.Status == ReservationStatus.Held ? r.With(ReservationStatus.Cancelled, time.GetUtcNow(), reason) : null, cancellationToken);
        if (changed)
        {
            await inventory.ReleaseAsync(reservation.EventId, reservation.Id, reservation.TicketIds, CancellationToken.None);
        }

        return changed;
    }

    /// <summary>Undoes a reservation that cannot go on (limit exceeded, orchestration could not start): cancelled, seats free.</summary>
    public async Task AbandonAsync(Reservation reservation, string reason, CancellationToken cancellationToken)
    {
        await UpdateAsync(reservation.UserId, reservation.Id,
            r => r.Status == ReservationStatus.Held ? r.With(ReservationStatus.Cancelled, time.GetUtcNow(), reason) : null, cancellationToken);
        await inventory.ReleaseAsync(reservation.EventId, reservation.Id, reservation.TicketIds, cancellationToken);
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

    private async Task<IReadOnlyList<Ticket>> HoldBestAvailableAsync(EventRecord record, string reservationId, string section, int quantity,
        DateTimeOffset until, CancellationToken cancellationToken)
    {
        var layout = record.FindSection(section) ?? throw new DomainException(ErrorKind.SectionNotFound,
            "Section not found.", $"Event '{record.Id}' has no section '{section}'. It has: {string.Join(", ", record.Sections.Select(s => s.Name))}.");
        var eventBoard = await board.GetAsync(record.Id, record.OverAt, ct => inventory.GetTicketsAsync(record.Id, null, ct), cancellationToken);
        var lost = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < MaxPickAttempts; attempt++)
        {
            var best = SeatPicker.Candidates(eventBoard.Section(layout.Name).Tickets, quantity, time.GetUtcNow(), lost, limit: 1);
            if (best.Count == 0)
            {
                break;
            }

            var ids = best[0].Select(t => t.TicketId).ToArray();
            var result = await inventory.HoldAsync(record.Id, reservationId, ids, until, cancellationToken);
            if (result.Succeeded)
            {
                return result.Tickets;
            }

            // Lost the race for this block: the board has already learnt of the winner's write; never try these seats again.
            lost.UnionWith(result.UnavailableTicketIds.Count > 0 ? result.UnavailableTicketIds : ids);
        }

        throw Unavailable($"Section '{layout.Name}' has no {quantity} adjacent available seats in one row right now.", []);
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

    private static DomainException Unavailable(string detail, IReadOnlyList<string> ticketIds) =>
        new(ErrorKind.TicketsUnavailable, "The tickets are not available.", detail,
            new Dictionary<string, object?> { ["unavailableTicketIds"] = ticketIds });

    // ---------------------------------------------------------------- read, list, cancel

    public async Task<Reservation> GetAsync(string userId, string reservationId, CancellationToken cancellationToken) =>
        (await GetStoredAsync(userId, reservationId, cancellationToken)).Reservation;

    public Task<ReservationPage> ListAsync(string userId, int pageSize, string? afterSortKey, CancellationToken cancellationToken) =>
        store.ListAsync(userId, pageSize, afterSortKey, cancellationToken);

    /// <summary>Cancels a held reservation; its seats are free at once. Cancelling twice answers the same.</summary>
    public async Task<Reservation> CancelAsync(string userId, string reservationId, CancellationToken cancellationToken)
    {
        await GetStoredAsync(userId, reservationId, cancellationToken);
        var (current, changed) = await UpdateAsync(userId, reservationId,
            r => r.StatusAt(time.GetUtcNow()) == ReservationStatus.Held ? r.With(ReservationStatus.Cancelled, time.GetUtcNow(), "Cancelled by the customer") : null,
            cancellationToken);
        if (changed)
        {
            await inventory.ReleaseAsync(current.EventId, current.Id, current.TicketIds, CancellationToken.None);
            logger.LogInformation("Reservation {ReservationId} cancelled; {TicketCount} seat(s) released", reservationId, current.Tickets.Count);
            return current;
        }

        return current.StatusAt(time.GetUtcNow()) switch
        {
            ReservationStatus.Cancelled => current,
            ReservationStatus.Confirmed => throw new DomainException(ErrorKind.ReservationConfirmed,
                "The reservation is already booked.", $"Reservation {reservationId} was paid and booked; it can no longer be cancelled here."),
            ReservationStatus.Confirming => throw PaymentInProgress(reservationId),
            _ => throw Expired(reservationId),
        };
    }

    private async Task<StoredReservation> GetStoredAsync(string userId, string reservationId, CancellationToken cancellationToken) =>
        (Reservation.IsWellFormedId(reservationId) ? await store.GetAsync(userId, reservationId, cancellationToken) : null)
        ?? throw new DomainException(ErrorKind.ReservationNotFound, "Reservation not found.",
            $"You have no reservation with id '{(reservationId.Length <= 40 ? reservationId : reservationId[..40] + "…")}'.");

    // ---------------------------------------------------------------- confirm

    /// <summary>
    /// Charges for a held reservation and books it. The move held -> confirming is an ETag-guarded write, so of two
    /// concurrent confirms one charges and the other hears 409; before charging, the seats' hold is extended by the
    /// payment grace, so the expiry timer cannot give them away while the money moves.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(string userId, string reservationId, string paymentMethodId, CancellationToken cancellationToken)
    {
        ValidatePaymentMethod(paymentMethodId);
        var stored = await GetStoredAsync(userId, reservationId, cancellationToken);
        Reservation confirming;
        for (var attempt = 0; ; attempt++)
        {
            var r = stored.Reservation;
            var now = time.GetUtcNow();
            switch (r.StatusAt(now))
            {
                case ReservationStatus.Confirmed:
                    return new ConfirmOutcome(r);
                case ReservationStatus.Cancelled:
                    throw Cancelled(reservationId);
                case ReservationStatus.Expired:
                    if (r.Status == ReservationStatus.Held)
                    {
                        await ExpireAsync(userId, reservationId, CancellationToken.None);
                    }

                    throw Expired(reservationId);
                case ReservationStatus.Confirming:
                    throw PaymentInProgress(reservationId);
            }

            var graceUntil = Max(r.ExpiresAt, now + Options.PaymentGrace);
            var next = r.With(ReservationStatus.Confirming, now, $"Payment attempt {r.Payment.Attempt + 1} started") with
            {
                Payment = r.Payment with { Attempt = r.Payment.Attempt + 1, PaymentMethodId = paymentMethodId, GraceUntil = graceUntil, PendingPaymentId = null, PaidPaymentId = null },
            };
            if (await store.TryReplaceAsync(next, stored.ETag, cancellationToken) is not null)
            {
                confirming = next;
                break;
            }

            if (attempt >= MaxWriteAttempts)
            {
                throw PaymentInProgress(reservationId);
            }

            stored = await GetStoredAsync(userId, reservationId, cancellationToken);
        }

        // From here on the money may move: the steps run to the end even if the caller goes away.
        var hold = await inventory.HoldAsync(confirming.EventId, confirming.Id, confirming.TicketIds, confirming.Payment.GraceUntil!.Value, CancellationToken.None);
        if (!hold.Succeeded)
        {
            await EndConfirmingAsync(confirming, r => r.Payment.Attempt == confirming.Payment.Attempt, ReservationStatus.Expired,
                "The seats were lost before the payment started; nothing was charged", CancellationToken.None);
            throw Expired(reservationId);
        }

        PaymentResult result;
        try
        {
            result = await payments.ChargeAsync(ChargeRequest(confirming), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The outcome is unknown; the reservation stays "confirming" and the orchestration settles it when the
            // payment grace ends, charging again with the same idempotency key (which never charges twice).
            logger.LogWarning(ex, "Charge for reservation {ReservationId} attempt {Attempt} has an unknown outcome", reservationId, confirming.Payment.Attempt);
            throw ex as PaymentUnavailableException ?? new PaymentUnavailableException(
                "The payment provider did not answer. Nothing is charged twice: check the reservation's status in a minute.", ex);
        }

        return await ApplyChargeResultAsync(confirming, result, fromCustomer: true);
    }

    private async Task<ConfirmOutcome> ApplyChargeResultAsync(Reservation confirming, PaymentResult result, bool fromCustomer)
    {
        var attempt = confirming.Payment.Attempt;
        switch (result.Status)
        {
            case PaymentStatus.Succeeded:
                var paid = await FinishPaidAsync(confirming.UserId, confirming.Id, result.PaymentId!, CancellationToken.None);
                return paid.Status == ReservationStatus.Confirmed || !fromCustomer ? new ConfirmOutcome(paid) : throw Expired(confirming.Id,
                    "The seats were lost while the payment was under way; the payment was refunded in full.");

            case PaymentStatus.RequiresAction:
                await UpdateAsync(confirming.UserId, confirming.Id, r => r.Status == ReservationStatus.Confirming && r.Payment.Attempt == attempt
                    ? r.With(ReservationStatus.Confirming, time.GetUtcNow(), "Waiting for the customer to authenticate the payment") with
                    {
                        Payment = r.Payment with { PendingPaymentId = result.PaymentId, PaymentIds = Add(r.Payment.PaymentIds, result.PaymentId) },
                    }
                    : null, CancellationToken.None);
                return new ConfirmOutcome(confirming, result.ClientSecret ?? "", result.PaymentId);

            default:
                var now = time.GetUtcNow();
                var ended = await EndConfirmingAsync(confirming, r => r.Payment.Attempt == attempt && r.Payment.PaidPaymentId is null,
                    now < confirming.ExpiresAt ? ReservationStatus.Held : ReservationStatus.Expired,
                    $"Payment attempt {attempt} {(result.Status == PaymentStatus.Declined ? "declined" : "failed")}: {result.Message}", CancellationToken.None,
                    result.PaymentId);
                if (!fromCustomer)
                {
                    return new ConfirmOutcome(ended);
                }

                var declined = result.Status == PaymentStatus.Declined;
                throw new DomainException(declined ? ErrorKind.PaymentDeclined : ErrorKind.PaymentFailed,
                    declined ? "The payment was declined." : "The payment failed.",
                    $"{result.Message ?? "The payment did not go through."} "
                    + (ended.Status == ReservationStatus.Held ? $"Your seats stay held until {ended.ExpiresAt:O}; you may try another card." : "The hold has expired."),
                    new Dictionary<string, object?> { ["declineCode"] = result.DeclineCode, ["reservationId"] = confirming.Id, ["expiresAt"] = ended.ExpiresAt });
        }
    }

    /// <summary>
    /// Settles a payment that took the money: records it (after which nothing but this can end the reservation), books the
    /// seats and stores the booking; if a seat was lost meanwhile, refunds and expires. Safe to run again and concurrently.
    /// </summary>
    public async Task<Reservation> FinishPaidAsync(string userId, string reservationId, string paymentId, CancellationToken cancellationToken)
    {
        var (r, _) = await UpdateAsync(userId, reservationId, c => c.Status == ReservationStatus.Confirming && c.Payment.PaidPaymentId is null
            ? c with { Payment = c.Payment with { PaidPaymentId = paymentId, PendingPaymentId = null, PaymentIds = Add(c.Payment.PaymentIds, paymentId) } }
            : null, cancellationToken);

        if (r.Payment.PaidPaymentId != paymentId || r.Status is not (ReservationStatus.Confirming or ReservationStatus.Confirmed))
        {
            // Money for a reservation that is not waiting for it (ended meanwhile, or already paid by another payment).
            await RefundAsync(r, paymentId, cancellationToken);
            return r;
        }

        if (r.Status == ReservationStatus.Confirmed)
        {
            return r;
        }

        var booked = await inventory.BookAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
        var now = time.GetUtcNow();
        if (booked.Succeeded)
        {
            await bookings.SaveAsync(new BookingRecord(r.DerivedBookingId, r.UserId, r.Id, r.EventId, r.Tickets, r.Total, r.Currency, paymentId, now),
                cancellationToken);
            var (done, _) = await UpdateAsync(userId, reservationId, c => c.Status == ReservationStatus.Confirming
                ? c.With(ReservationStatus.Confirmed, now, $"Paid ({paymentId}) and booked") with
                {
                    BookingId = c.DerivedBookingId, ConfirmedAt = now, Payment = c.Payment with { GraceUntil = null },
                }
                : null, cancellationToken);
            logger.LogInformation("Reservation {ReservationId} confirmed as booking {BookingId}", reservationId, done.BookingId);
            return done;
        }

        logger.LogWarning("Reservation {ReservationId} was paid ({PaymentId}) but seats {TicketIds} were lost; refunding",
            reservationId, paymentId, booked.NotHeldTicketIds);
        var refundId = await RefundAsync(r, paymentId, cancellationToken);
        await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
        var (expired, _) = await UpdateAsync(userId, reservationId, c => c.Status == ReservationStatus.Confirming
            ? c.With(ReservationStatus.Expired, now, $"Seats {string.Join(", ", booked.NotHeldTicketIds)} were lost while paying; payment {paymentId} refunded")
                with { Payment = c.Payment with { RefundId = refundId, GraceUntil = null } }
            : null, cancellationToken);
        return expired;
    }

    private async Task<string?> RefundAsync(Reservation r, string paymentId, CancellationToken cancellationToken)
    {
        var refund = await payments.RefundAsync(paymentId, r.Payment.RefundKey(r.Id, paymentId), cancellationToken);
        if (!refund.Succeeded)
        {
            // Surfaces as a failed activity: the orchestration retries it (same key, so one refund at most).
            throw new InvalidOperationException($"Refund of {paymentId} for reservation {r.Id} failed: {refund.Message}");
        }

        logger.LogWarning("Refunded payment {PaymentId} of reservation {ReservationId} ({RefundId})", paymentId, r.Id, refund.RefundId);
        return refund.RefundId;
    }

    /// <summary>Ends a payment attempt without money: back to held (before expiry) or expired (seats released).</summary>
    private async Task<Reservation> EndConfirmingAsync(Reservation confirming, Func<Reservation, bool> sameAttempt, ReservationStatus to, string reason,
        CancellationToken cancellationToken, string? paymentId = null)
    {
        var (r, changed) = await UpdateAsync(confirming.UserId, confirming.Id,
            c => c.Status == ReservationStatus.Confirming && c.Payment.PaidPaymentId is null && sameAttempt(c)
                ? c.With(to, time.GetUtcNow(), reason) with
                {
                    Payment = c.Payment with { GraceUntil = null, PendingPaymentId = null, PaymentIds = Add(c.Payment.PaymentIds, paymentId) },
                }
                : null, cancellationToken);
        if (changed && to == ReservationStatus.Expired)
        {
            await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
        }

        return r;
    }

    private static PaymentRequest ChargeRequest(Reservation r) =>
        new(r.Id, r.Total, r.Currency, r.Payment.PaymentMethodId!, r.Payment.ChargeKey(r.Id),
            $"{r.Tickets.Count} ticket(s) for event {r.EventId}, reservation {r.Id}");

    private static void ValidatePaymentMethod(string? paymentMethodId)
    {
        if (string.IsNullOrWhiteSpace(paymentMethodId) || paymentMethodId.Length > 255
            || !paymentMethodId.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new InvalidRequestException(new Dictionary<string, string[]>
            {
                ["paymentMethodId"] = ["'paymentMethodId' is a payment method id such as 'pm_card_visa' (letters, digits and '_', at most 255)."],
            });
        }
    }

    // ---------------------------------------------------------------- the orchestration's steps

    /// <summary>
    /// The hold's timer fired. A held reservation past its time expires and its seats are released (only those this
    /// reservation still holds). A payment under way is never cut off: it is waited for until the payment grace ends,
    /// and then settled by charging again with the same idempotency key.
    /// </summary>
    public async Task<ReservationStep> ExpireAsync(string userId, string reservationId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var stored = await store.GetAsync(userId, reservationId, cancellationToken);
            if (stored is null)
            {
                return ReservationStep.Done(ReservationOutcome.Expired);
            }

            var r = stored.Reservation;
            var now = time.GetUtcNow();
            switch (r.Status)
            {
                case ReservationStatus.Held when now < r.ExpiresAt:
                    return ReservationStep.WaitUntil(r.ExpiresAt);

                case ReservationStatus.Held:
                    var expired = r.With(ReservationStatus.Expired, now, "The hold lapsed before payment");
                    if (await store.TryReplaceAsync(expired, stored.ETag, cancellationToken) is null)
                    {
                        continue;
                    }

                    var released = await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
                    logger.LogInformation("Reservation {ReservationId} expired; {Released} seat(s) released", reservationId, released);
                    return ReservationStep.Done(ReservationOutcome.Expired);

                case ReservationStatus.Confirming when r.Payment.PaidPaymentId is { } paid:
                    return StepFor(await FinishPaidAsync(userId, reservationId, paid, cancellationToken));

                case ReservationStatus.Confirming when now < r.Payment.GraceUntil:
                    return ReservationStep.WaitUntil(r.Payment.GraceUntil.Value);

                case ReservationStatus.Confirming:
                    return StepFor(await SettleStuckPaymentAsync(r, cancellationToken));

                default:
                    if (r.Status == ReservationStatus.Expired)
                    {
                        await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
                    }

                    return StepFor(r);
            }
        }

        throw new InvalidOperationException($"Reservation {reservationId} kept changing; the step is retried.");
    }

    /// <summary>The payment grace ended with the attempt's outcome unknown (the confirming call died, or the customer never finished 3-D Secure).</summary>
    private async Task<Reservation> SettleStuckPaymentAsync(Reservation r, CancellationToken cancellationToken)
    {
        var result = await payments.ChargeAsync(ChargeRequest(r), cancellationToken);
        logger.LogWarning("Payment attempt {Attempt} of reservation {ReservationId} was still open when its grace ended: {Status}",
            r.Payment.Attempt, r.Id, result.Status);
        if (result.Status == PaymentStatus.RequiresAction)
        {
            // The customer did not authenticate in time: the seats go back. Should the payment still succeed, the
            // webhook refunds it (FinishPaidAsync on a reservation that is no longer waiting).
            return await EndConfirmingAsync(r, c => c.Payment.Attempt == r.Payment.Attempt, ReservationStatus.Expired,
                "The payment was not authenticated before the hold ended", cancellationToken, result.PaymentId);
        }

        return (await ApplyChargeResultAsync(r, result, fromCustomer: false)).Reservation;
    }

    /// <summary>A payment outcome from the provider's webhook (3-D Secure and other asynchronous flows). Idempotent.</summary>
    public async Task<ReservationStep> ApplyPaymentAsync(string userId, string reservationId, PaymentNotification notification,
        CancellationToken cancellationToken)
    {
        if (notification.Succeeded)
        {
            return StepFor(await FinishPaidAsync(userId, reservationId, notification.PaymentId, cancellationToken));
        }

        var stored = await store.GetAsync(userId, reservationId, cancellationToken);
        if (stored is null)
        {
            return ReservationStep.Done(ReservationOutcome.Expired);
        }

        var r = stored.Reservation;
        if (r.Status == ReservationStatus.Confirming && r.Payment.PendingPaymentId == notification.PaymentId)
        {
            r = await EndConfirmingAsync(r, c => c.Payment.PendingPaymentId == notification.PaymentId,
                time.GetUtcNow() < r.ExpiresAt ? ReservationStatus.Held : ReservationStatus.Expired,
                $"Payment {notification.PaymentId} failed: {notification.FailureMessage}", cancellationToken);
        }

        return StepFor(r);
    }

    private static ReservationStep StepFor(Reservation r) => r.Status switch
    {
        ReservationStatus.Confirmed => ReservationStep.Done(ReservationOutcome.Confirmed),
        ReservationStatus.Cancelled => ReservationStep.Done(ReservationOutcome.Cancelled),
        ReservationStatus.Expired => ReservationStep.Done(r.Payment.RefundId is null ? ReservationOutcome.Expired : ReservationOutcome.Refunded),
        ReservationStatus.Confirming => ReservationStep.WaitUntil(r.Payment.GraceUntil ?? r.ExpiresAt),
        _ => ReservationStep.WaitUntil(r.ExpiresAt),
    };

    // ---------------------------------------------------------------- helpers

    /// <summary>
    /// Applies <paramref name="change"/> with an ETag-guarded replace, re-reading and re-deciding on a conflict.
    /// <paramref name="change"/> returns null when no change is wanted. Returns the stored state and whether it changed.
    /// </summary>
    private async Task<(Reservation Current, bool Changed)> UpdateAsync(string userId, string reservationId, Func<Reservation, Reservation?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var stored = await store.GetAsync(userId, reservationId, cancellationToken)
                ?? throw new InvalidOperationException($"Reservation {reservationId} of {userId} does not exist.");
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

        throw new InvalidOperationException($"Reservation {reservationId} kept changing under {MaxWriteAttempts} attempts to update it.");
    }

    private static IReadOnlyList<string> Add(IReadOnlyList<string> ids, string? id) =>
        id is null || ids.Contains(id) ? ids : [.. ids, id];

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DomainException Expired(string reservationId, string? detail = null) =>
        new(ErrorKind.ReservationExpired, "The reservation has expired.",
            detail ?? $"The hold of reservation {reservationId} lapsed and its seats were released. Nothing was charged; reserve again.",
            new Dictionary<string, object?> { ["reservationId"] = reservationId });

    private static DomainException Cancelled(string reservationId) =>
        new(ErrorKind.ReservationCancelled, "The reservation was cancelled.",
            $"Reservation {reservationId} was cancelled and its seats released. Nothing was charged; reserve again.",
            new Dictionary<string, object?> { ["reservationId"] = reservationId });

    private static DomainException PaymentInProgress(string reservationId) =>
        new(ErrorKind.PaymentInProgress, "A payment for this reservation is under way.",
            $"Reservation {reservationId} is being paid for. Nothing more will be charged; check its status with GET /api/booking/{reservationId}.",
            new Dictionary<string, object?> { ["reservationId"] = reservationId });
}
