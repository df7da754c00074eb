using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Payments;
using TicketBooking.Storage;

namespace TicketBooking.Refunds;

/// <summary>
/// Refunding a booking, in an order that a crash at any point cannot turn into lost money or a seat sold twice:
/// <list type="number">
/// <item>the booking moves confirmed -> <see cref="BookingStatus.Refunding"/> (a conditional write; from here its tickets
/// no longer admit, and a durable orchestration owns the rest, so a crash resumes it);</item>
/// <item>the money goes back (the provider's idempotency key is derived from the booking and its request, so running
/// the step again never refunds twice);</item>
/// <item>only then do the seats leave "booked", through the inventory like any released seat, so the availability board
/// and the live stream show them (back on sale, unless the event was cancelled: a cancelled event sells nothing);</item>
/// <item>the reservation shows the refund and the booking becomes <see cref="BookingStatus.Refunded"/>.</item>
/// </list>
/// A crash between 2 and 3 leaves money refunded and seats still booked only until the orchestration runs the steps
/// again; seats are never back on sale while the money is kept. A refund the provider refuses puts the booking back to
/// confirmed (money kept, seats sold: consistent) with the reason; one whose outcome is unknown stays refunding and is retried.
/// </summary>
public sealed class RefundBookings(
    IBookingStore bookings,
    StoredReservations reservations,
    ITicketInventory inventory,
    IPaymentGateway payments,
    EventCatalog catalog,
    IOptions<RefundOptions> options,
    TimeProvider time,
    ILogger<RefundBookings> logger)
{
    public const string OwnerReason = "Refunded at the customer's request";
    public const string CancelledReason = "The event was cancelled";
    private const int MaxWriteAttempts = 10;

    /// <summary>The provider's idempotency key of a refund request: the same for every retry of one request.</summary>
    public static string RefundKey(BookingRecord booking) =>
        $"{booking.Id}-refund-{booking.Refund?.RequestedAt.UtcTicks ?? 0}";

    /// <summary>
    /// The owner asks for a refund: checked against the event's policy (409 <c>refund-not-allowed</c> outside it; a
    /// cancelled event's bookings are always refundable) and marked refunding. A booking already refunding or refunded
    /// answers as it is, so a retried request changes nothing.
    /// </summary>
    public async Task<BookingRecord> RequestAsync(string userId, string bookingId, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(userId, bookingId, cancellationToken) ?? throw NotFound(bookingId);
        var booking = stored.Value;
        if (booking.Status != BookingStatus.Confirmed)
        {
            return booking;
        }

        var record = await catalog.FindAsync(booking.EventId, cancellationToken);
        if (record.Status != EventStatus.Cancelled && record.Refunds.WhyNot(record.StartsAt, time.GetUtcNow()) is { } why)
        {
            throw new DomainException(ErrorKind.RefundNotAllowed, "This booking cannot be refunded.", why,
                new Dictionary<string, object?> { ["bookingId"] = bookingId, ["refundableUntil"] = record.Refunds.RefundableUntil(record.StartsAt) });
        }

        return (await MarkRefundingAsync(stored, OwnerReason, cancellationToken))?.Value ?? await GetAsync(userId, bookingId, cancellationToken);
    }

    /// <summary>The caller's booking; 404 <c>booking-not-found</c> when there is none (another user's booking included).</summary>
    public async Task<BookingRecord> GetAsync(string userId, string bookingId, CancellationToken cancellationToken) =>
        (IsWellFormedId(bookingId) ? await bookings.GetAsync(userId, bookingId, cancellationToken) : null) ?? throw NotFound(bookingId);

    private static DomainException NotFound(string bookingId) =>
        new(ErrorKind.BookingNotFound, "Booking not found.", $"You have no booking with id '{(bookingId.Length <= 40 ? bookingId : bookingId[..40] + "…")}'.");

    /// <summary>The booking with its ETag, or null when there is none (or the id is not one of ours).</summary>
    private async Task<Versioned<BookingRecord>?> ReadAsync(string userId, string bookingId, CancellationToken cancellationToken) =>
        IsWellFormedId(bookingId) ? await bookings.ReadAsync(userId, bookingId, cancellationToken) : null;

    /// <summary>
    /// One booking of a cancelled event: marked refunding (whatever the policy) and tried once; a failure is recorded on
    /// the booking, and the cancellation orchestration tries a transient one again after a durable wait.
    /// </summary>
    public async Task<BookingRefundOutcome> RefundForCancellationAsync(EventBooking entry, CancellationToken cancellationToken)
    {
        if (await bookings.ReadAsync(entry.UserId, entry.Id, cancellationToken) is not { } stored)
        {
            // The seats are booked before the booking is stored, and the reservation is confirmed after: a reservation
            // still confirming may yet book (it then sees the event cancelled and refunds itself, or books just before).
            var reservation = await reservations.FindAsync(entry.UserId, entry.ReservationId, cancellationToken);
            return new BookingRefundOutcome(entry.Id, entry.UserId,
                reservation?.Status is ReservationStatus.Confirming or ReservationStatus.Confirmed ? RefundOutcomeKind.Pending : RefundOutcomeKind.NotBooked);
        }

        switch (stored.Value.Status)
        {
            case BookingStatus.Refunded:
                return new BookingRefundOutcome(entry.Id, entry.UserId, RefundOutcomeKind.AlreadyRefunded);
            case BookingStatus.Confirmed:
                // Marked refunding: the steps start from the copy just written (null when it changed meanwhile: read again).
                return await CompleteAsync(entry.UserId, entry.Id, cancellationToken, attempts: 1,
                    known: await MarkRefundingAsync(stored, CancelledReason, cancellationToken));
            default:
                return await CompleteAsync(entry.UserId, entry.Id, cancellationToken, attempts: 1, known: stored);
        }
    }

    /// <summary>
    /// Runs the steps of a refunding booking to the end, trying up to <paramref name="attempts"/> (default
    /// <see cref="RefundOptions.Attempts"/>) times with a doubling wait. Idempotent: a refunded booking answers
    /// <see cref="RefundOutcomeKind.AlreadyRefunded"/>.
    /// </summary>
    /// <param name="known">The booking as just read or written, with its ETag: the first attempt starts from it instead of
    /// reading it again (a retry reads it afresh).</param>
    public async Task<BookingRefundOutcome> CompleteAsync(string userId, string bookingId, CancellationToken cancellationToken, int? attempts = null,
        Versioned<BookingRecord>? known = null)
    {
        var delay = options.Value.RetryDelay;
        var tries = attempts ?? options.Value.Attempts;
        for (var attempt = 1; ; attempt++)
        {
            var moneyBack = false;
            var startFrom = attempt == 1 ? known : null;
            try
            {
                return await RunStepsAsync(userId, bookingId, startFrom, () => moneyBack = true, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var refused = ex is RefundRefusedException;
                if (!refused && attempt < tries)
                {
                    logger.LogWarning(ex, "Refund of booking {BookingId} failed at attempt {Attempt}; trying again in {Delay}", bookingId, attempt, delay);
                    await Task.Delay(delay, time, cancellationToken);
                    delay *= 2;
                    continue;
                }

                var reason = ex is DomainException d ? d.Detail : ex.Message;
                logger.LogError(ex, "Refund of booking {BookingId} failed after {Attempt} attempt(s): {Reason}", bookingId, attempt, reason);
                await RecordFailureAsync(userId, bookingId, reason, backToConfirmed: refused && !moneyBack, cancellationToken);
                return new BookingRefundOutcome(bookingId, userId, RefundOutcomeKind.Failed, reason, Transient: !refused);
            }
        }
    }

    private async Task<BookingRefundOutcome> RunStepsAsync(string userId, string bookingId, Versioned<BookingRecord>? known, Action moneyIsBack,
        CancellationToken cancellationToken)
    {
        var stored = known ?? await bookings.ReadAsync(userId, bookingId, cancellationToken);
        var booking = stored?.Value;
        switch (booking?.Status)
        {
            case null:
                return new BookingRefundOutcome(bookingId, userId, RefundOutcomeKind.NotBooked);
            case BookingStatus.Refunded:
                return new BookingRefundOutcome(bookingId, userId, RefundOutcomeKind.AlreadyRefunded);
            case BookingStatus.Confirmed:
                return new BookingRefundOutcome(bookingId, userId, RefundOutcomeKind.Failed, booking.Refund?.Failure ?? "The booking is not being refunded.");
        }

        string? refundId = null;
        if (booking.PaymentId is { } paymentId)
        {
            var refund = await payments.RefundAsync(paymentId, RefundKey(booking), cancellationToken);
            if (!refund.Succeeded)
            {
                throw new RefundRefusedException($"The payment provider refused the refund of {paymentId}: {refund.Message}");
            }

            refundId = refund.RefundId;
        }

        moneyIsBack();

        // A refunded booking holds no seats, so they leave "booked" whatever the event: a cancelled event's count
        // of sold seats falls as its refunds go through. They are available again, but a cancelled event sells nothing
        // (reserve refuses it, and a payment racing the cancellation is refunded by the booking gate).
        var returned = await inventory.ReturnBookedAsync(booking.EventId, booking.ReservationId, booking.Tickets.Select(t => t.TicketId).ToArray(),
            cancellationToken);
        logger.LogInformation("Booking {BookingId}: {Returned} seat(s) returned", bookingId, returned);

        var now = time.GetUtcNow();
        if (await reservations.FindStoredAsync(userId, booking.ReservationId, cancellationToken) is { } reservation)
        {
            await reservations.UpdateAsync(reservation, r => r.MarkBookingRefunded(now), cancellationToken, fresh: true);
        }

        await UpdateAsync(userId, bookingId, b => b.Status == BookingStatus.Refunding
            ? b with { Status = BookingStatus.Refunded, Refund = b.Refund! with { RefundId = refundId ?? b.Refund.RefundId, CompletedAt = now, Failure = null } }
            : null, cancellationToken, stored);
        TicketBookingMetrics.RecordRefund(booking.EventId);
        logger.LogInformation("Booking {BookingId} refunded ({RefundId}): {Reason}", bookingId, refundId, booking.Refund?.Reason);
        return new BookingRefundOutcome(bookingId, userId, RefundOutcomeKind.Refunded);
    }

    /// <summary>Confirmed -> refunding, with the reason; null when it was not confirmed (already on its way, or done).</summary>
    private Task<Versioned<BookingRecord>?> MarkRefundingAsync(Versioned<BookingRecord> known, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(known.Value.UserId, known.Value.Id, b => b.Status == BookingStatus.Confirmed
            ? b with { Status = BookingStatus.Refunding, Refund = new BookingRefund(time.GetUtcNow(), reason) }
            : null, cancellationToken, known);

    /// <summary>
    /// Records why the refund failed. A refund the provider refused before any money moved puts the booking back to
    /// confirmed (it can be asked for again); otherwise it stays refunding, so no step is skipped when it is retried.
    /// </summary>
    private Task<Versioned<BookingRecord>?> RecordFailureAsync(string userId, string bookingId, string reason, bool backToConfirmed,
        CancellationToken cancellationToken) =>
        UpdateAsync(userId, bookingId, b => b.Status == BookingStatus.Refunding
            ? b with { Status = backToConfirmed ? BookingStatus.Confirmed : BookingStatus.Refunding, Refund = b.Refund! with { Failure = reason } }
            : null, CancellationToken.None);

    /// <summary>
    /// Applies <paramref name="change"/> with an ETag-guarded replace, deciding again on a conflict; the booking as
    /// changed (with its new ETag), or null when unchanged. It starts from <paramref name="known"/> (just read or
    /// written) when given, else reads the booking.
    /// </summary>
    private async Task<Versioned<BookingRecord>?> UpdateAsync(string userId, string bookingId, Func<BookingRecord, BookingRecord?> change,
        CancellationToken cancellationToken, Versioned<BookingRecord>? known = null)
    {
        var stored = known;
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            stored ??= await bookings.ReadAsync(userId, bookingId, cancellationToken);
            if (stored is not { } current || change(current.Value) is not { } next)
            {
                return null;
            }

            if (await bookings.TryReplaceAsync(next, current.ETag, cancellationToken) is { } etag)
            {
                return new Versioned<BookingRecord>(next, etag);
            }

            stored = null;
        }

        throw new DomainException(ErrorKind.Unavailable, "The booking is changing.",
            $"Booking {bookingId} kept changing while it was being updated. Try again in a moment.");
    }

    private static bool IsWellFormedId(string id) =>
        id is { Length: 28 } && id.StartsWith("bkg-", StringComparison.Ordinal) && id[4..].All(char.IsAsciiHexDigitLower);
}
