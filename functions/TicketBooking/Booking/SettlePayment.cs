using TicketBooking.Inventory;
using TicketBooking.Payments;
using TicketBooking.Refunds;

namespace TicketBooking.Booking;

/// <summary>
/// Settles a reservation's payment: applies a charge's result or a webhook's outcome, books a paid (or free)
/// reservation and stores its booking, refunds money that cannot buy the seats, settles a payment still open when its
/// grace ends, and records refunds and disputes the provider reports on a booking.
/// </summary>
public sealed class SettlePayment(
    StoredReservations reservations,
    IBookingStore bookings,
    ITicketInventory inventory,
    IPaymentGateway payments,
    EventBookingGate gate,
    IOptions<BookingOptions> options,
    TimeProvider time,
    ILogger<SettlePayment> logger)
{
    /// <summary>
    /// Applies the result of attempt <paramref name="confirming"/>'s charge and returns the reservation as it then stands:
    /// paid money books the seats (or is refunded if one was lost), a payment waiting for the customer is recorded as
    /// pending, and any other result ends the attempt (a decline counts towards <see cref="BookingOptions.MaxDeclinedAttempts"/>).
    /// </summary>
    /// <param name="confirming">The confirming reservation as last stored (its ETag starts the next write without a read).</param>
    public async Task<Reservation> ApplyChargeResultAsync(StoredReservation confirming, PaymentResult result, CancellationToken cancellationToken)
    {
        var attempt = confirming.Reservation.Payment.Attempt;
        switch (result.Status)
        {
            case PaymentStatus.Succeeded:
                return await FinishPaidAsync(confirming, result.PaymentId!, cancellationToken);

            case PaymentStatus.RequiresAction:
                var (pending, _) = await reservations.UpdateAsync(confirming,
                    r => r.AwaitCustomer(attempt, result.PaymentId, time.GetUtcNow()), cancellationToken);
                return pending.Reservation;

            case PaymentStatus.Declined:
                TicketBookingMetrics.RecordDecline(confirming.Reservation.EventId);
                return await EndAttemptAsync(confirming, r => r.DeclinePayment(attempt, time.GetUtcNow(),
                    $"Payment attempt {attempt} declined: {result.Message}", result.PaymentId, options.Value.MaxDeclinedAttempts), cancellationToken);

            default:
                return await EndAttemptAsync(confirming, r => r.FailPayment(attempt, time.GetUtcNow(),
                    $"Payment attempt {attempt} failed: {result.Message}", result.PaymentId), cancellationToken);
        }
    }

    /// <summary>Charges for a confirming reservation (its attempt's idempotency key, so a repeat never charges twice).</summary>
    /// <exception cref="PaymentUnavailableException">The outcome is unknown; the reservation stays confirming.</exception>
    public async Task<PaymentResult> ChargeAsync(Reservation confirming, CancellationToken cancellationToken)
    {
        try
        {
            return await payments.ChargeAsync(new PaymentRequest(confirming.Id, confirming.Total, confirming.Currency,
                confirming.Payment.PaymentMethodId!, confirming.Payment.ChargeKey(confirming.Id),
                $"{confirming.Tickets.Count} ticket(s) for event {confirming.EventId}, reservation {confirming.Id}"), cancellationToken);
        }
        catch (ArgumentException ex)
        {
            // The amount cannot be expressed for the provider (a currency rule the reservation predates): nothing was
            // charged, so the attempt is a failed one and must end rather than stay confirming.
            logger.LogError(ex, "Reservation {ReservationId} attempt {Attempt}: the amount cannot be charged", confirming.Id, confirming.Payment.Attempt);
            return new PaymentResult(PaymentStatus.Failed, null, Message: "The amount cannot be charged in this currency.");
        }
    }

    /// <summary>A payment outcome from the provider's webhook (3-D Secure and other asynchronous flows). Idempotent.</summary>
    public async Task<ReservationStep> ApplyPaymentAsync(string userId, string reservationId, PaymentNotification notification,
        CancellationToken cancellationToken)
    {
        var stored = await reservations.FindStoredAsync(userId, reservationId, cancellationToken);
        if (stored is null)
        {
            if (notification.Succeeded)
            {
                logger.LogError("Payment {PaymentId} names reservation {ReservationId}, which does not exist; refunding", notification.PaymentId, reservationId);
                await RefundAsync(reservationId, notification.PaymentId, cancellationToken);
            }

            return ReservationStep.Done(ReservationOutcome.Expired);
        }

        var r = stored.Reservation;
        if (notification.Succeeded && !Matches(r, notification))
        {
            logger.LogCritical(
                "Payment {PaymentId} of reservation {ReservationId} took {PaidAmount} {PaidCurrency}, not the reservation's {Total} {Currency}; refunding, not booking",
                notification.PaymentId, reservationId, notification.AmountMinorUnits, notification.Currency, r.Total, r.Currency);
            await RefundAsync(r, notification.PaymentId, cancellationToken);
            if (r.Status == ReservationStatus.Confirming && r.Payment.PendingPaymentId == notification.PaymentId)
            {
                var attempt = r.Payment.Attempt;
                r = await EndAttemptAsync(stored, c => c.FailPayment(attempt, time.GetUtcNow(),
                    $"Payment {notification.PaymentId} did not match the reservation's amount and was refunded", notification.PaymentId), cancellationToken);
            }

            return ReservationStep.For(r);
        }

        if (notification.Succeeded)
        {
            return ReservationStep.For(await FinishPaidAsync(stored, notification.PaymentId, cancellationToken));
        }

        if (r.Status == ReservationStatus.Confirming && r.Payment.PendingPaymentId == notification.PaymentId)
        {
            TicketBookingMetrics.RecordDecline(r.EventId);
            var attempt = r.Payment.Attempt;
            r = await EndAttemptAsync(stored, c => c.DeclinePayment(attempt, time.GetUtcNow(),
                $"Payment {notification.PaymentId} failed: {notification.FailureMessage}", notification.PaymentId, options.Value.MaxDeclinedAttempts),
                cancellationToken);
        }

        return ReservationStep.For(r);
    }

    /// <summary>
    /// Settles a payment that took the money: records it (after which nothing but this can end the reservation), books the
    /// seats and stores the booking; if a seat was lost meanwhile, refunds and expires. Safe to run again and concurrently.
    /// </summary>
    /// <param name="known">The reservation as last read or written (its ETag starts the write without a read).</param>
    public async Task<Reservation> FinishPaidAsync(StoredReservation known, string paymentId, CancellationToken cancellationToken)
    {
        var (stored, _) = await reservations.UpdateAsync(known, c => c.RecordPaid(paymentId), cancellationToken);
        var r = stored.Reservation;
        if (r.Payment.PaidPaymentId != paymentId || r.Status is not (ReservationStatus.Confirming or ReservationStatus.Confirmed))
        {
            // Money for a reservation that is not waiting for it (ended meanwhile, or already paid by another payment).
            await RefundAsync(r, paymentId, cancellationToken);
            return r;
        }

        return r.Status == ReservationStatus.Confirmed ? r : await BookAsync(stored, paymentId, cancellationToken);
    }

    /// <summary>
    /// Books a confirming reservation's seats and stores its booking (<paramref name="paymentId"/> null for free tickets).
    /// If a seat was lost, or the event was cancelled meanwhile, the payment is refunded, the rest released and the
    /// reservation expires.
    /// </summary>
    public async Task<Reservation> BookAsync(StoredReservation stored, string? paymentId, CancellationToken cancellationToken)
    {
        var r = stored.Reservation;
        if (!await gate.AdmitAsync(r, cancellationToken))
        {
            return await RefuseAsync(stored, paymentId, r.TicketIds, "the event was cancelled", cancellationToken);
        }

        var booked = await inventory.BookAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
        var now = time.GetUtcNow();
        if (booked.Succeeded)
        {
            await bookings.SaveAsync(new BookingRecord(r.DerivedBookingId, r.UserId, r.Id, r.EventId, r.Tickets, r.Total, r.Currency, paymentId, now),
                cancellationToken);
            var (done, changed) = await reservations.UpdateAsync(stored, c => c.Book(paymentId, now), cancellationToken);
            if (changed)
            {
                TicketBookingMetrics.RecordConfirmation(r.EventId);
            }

            logger.LogInformation("Reservation {ReservationId} confirmed as booking {BookingId}", r.Id, done.Reservation.BookingId);
            return done.Reservation;
        }

        return await RefuseAsync(stored, paymentId, booked.NotHeldTicketIds, $"seats {string.Join(", ", booked.NotHeldTicketIds)} were lost", cancellationToken);
    }

    /// <summary>A paid (or free) reservation that cannot book: the payment refunded, its seats released, the reservation expired.</summary>
    private async Task<Reservation> RefuseAsync(StoredReservation stored, string? paymentId, IReadOnlyCollection<string> ticketIds, string why,
        CancellationToken cancellationToken)
    {
        var r = stored.Reservation;
        logger.LogWarning("Reservation {ReservationId} was paid ({PaymentId}) but cannot book seats {TicketIds}: {Why}; refunding",
            r.Id, paymentId, ticketIds, why);
        var refundId = paymentId is null ? null : await RefundAsync(r, paymentId, cancellationToken);
        await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
        var now = time.GetUtcNow();
        var (expired, lostNow) = await reservations.UpdateAsync(stored, c => c.LoseSeats(now,
            paymentId is null ? $"Not booked: {why}" : $"Not booked: {why} while paying; payment {paymentId} refunded", refundId),
            cancellationToken);
        if (lostNow)
        {
            TicketBookingMetrics.RecordExpiry(r.EventId);
        }

        return expired.Reservation;
    }

    /// <summary>The payment grace ended with the attempt's outcome unknown (the confirming call died, or the customer never finished 3-D Secure).</summary>
    public async Task<Reservation> SettleStuckPaymentAsync(StoredReservation stored, CancellationToken cancellationToken)
    {
        var r = stored.Reservation;
        if (r.IsFree)
        {
            // A free booking that stopped half-way: nothing to charge, finish the booking.
            return await BookAsync(stored, null, cancellationToken);
        }

        var result = await ChargeAsync(r, cancellationToken);
        logger.LogWarning("Payment attempt {Attempt} of reservation {ReservationId} was still open when its grace ended: {Status}",
            r.Payment.Attempt, r.Id, result.Status);
        if (result.Status == PaymentStatus.RequiresAction)
        {
            // The customer did not authenticate in time: the seats go back. Should the payment still succeed, the
            // webhook refunds it (FinishPaidAsync on a reservation that is no longer waiting).
            var attempt = r.Payment.Attempt;
            return await EndAttemptAsync(stored, c => c.FailPayment(attempt, time.GetUtcNow(),
                "The payment was not authenticated before the hold ended", result.PaymentId, releaseSeats: true), cancellationToken);
        }

        return await ApplyChargeResultAsync(stored, result, cancellationToken);
    }

    /// <summary>The provider reports a refund or a dispute on a payment: marked on the booking it paid for. Idempotent.</summary>
    public async Task<Reservation?> RecordChargeEventAsync(string userId, string reservationId, ChargeNotification notification,
        CancellationToken cancellationToken)
    {
        if (await reservations.FindAsync(userId, reservationId, cancellationToken) is null)
        {
            return null;
        }

        var (r, changed) = await reservations.UpdateAsync(userId, reservationId, c => notification.Kind == ChargeEventKind.Refunded
            ? c.MarkRefunded(notification.PaymentId, notification.At)
            : c.MarkDisputed(notification.PaymentId, notification.At), cancellationToken);
        if (changed)
        {
            logger.Log(notification.Kind == ChargeEventKind.Disputed ? LogLevel.Warning : LogLevel.Information,
                "Payment {PaymentId} of reservation {ReservationId} was {ChargeEvent} at {At}", notification.PaymentId, reservationId, notification.Kind, notification.At);
        }
        else if (r.Payment.PaidPaymentId != notification.PaymentId)
        {
            logger.LogInformation("Payment {PaymentId} of reservation {ReservationId} was {ChargeEvent}; it paid for no booking",
                notification.PaymentId, reservationId, notification.Kind);
        }

        return r;
    }

    /// <summary>The reservation a payment was made for, asked of the provider; null when the payment is not one of ours.</summary>
    public Task<string?> FindReservationIdAsync(string paymentId, CancellationToken cancellationToken) =>
        payments.FindReservationIdAsync(paymentId, cancellationToken);

    /// <summary>Ends an attempt without money; the seats go back when the reservation is no longer held.</summary>
    private async Task<Reservation> EndAttemptAsync(StoredReservation known, Func<Reservation, Reservation?> end, CancellationToken cancellationToken)
    {
        var (stored, changed) = await reservations.UpdateAsync(known, end, cancellationToken);
        var r = stored.Reservation;
        if (changed && r.Status is ReservationStatus.Expired or ReservationStatus.Cancelled)
        {
            await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
            if (r.Status == ReservationStatus.Cancelled)
            {
                logger.LogWarning("Reservation {ReservationId} cancelled after {Declines} declined payments; seats released", r.Id, r.Payment.Declines);
            }
        }

        return r;
    }

    private Task<string?> RefundAsync(Reservation r, string paymentId, CancellationToken cancellationToken) =>
        RefundAsync(r.Id, paymentId, cancellationToken);

    private async Task<string?> RefundAsync(string reservationId, string paymentId, CancellationToken cancellationToken)
    {
        var refund = await payments.RefundAsync(paymentId, ReservationPayment.RefundKey(reservationId, paymentId), cancellationToken);
        if (!refund.Succeeded)
        {
            // Surfaces as a failed step: the orchestration (or the provider's webhook retry) tries again; the key makes one refund at most.
            throw new DomainException(ErrorKind.PaymentFailed, "The refund failed.",
                $"Refund of {paymentId} for reservation {reservationId} failed: {refund.Message}",
                new Dictionary<string, object?> { ["reservationId"] = reservationId });
        }

        logger.LogWarning("Refunded payment {PaymentId} of reservation {ReservationId} ({RefundId})", paymentId, reservationId, refund.RefundId);
        return refund.RefundId;
    }

    /// <summary>Whether a reported payment took exactly the reservation's amount in its currency.</summary>
    private static bool Matches(Reservation r, PaymentNotification notification)
    {
        try
        {
            return string.Equals(notification.Currency, StripeAmount.Currency(r.Currency), StringComparison.OrdinalIgnoreCase)
                && notification.AmountMinorUnits == StripeAmount.ToMinorUnits(r.Total, r.Currency);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
