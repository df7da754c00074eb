using TicketBooking.Inventory;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>
/// Confirming a held reservation: charge it (nothing to charge for free tickets), book the seats and store the booking.
/// The move held -> confirming is an ETag-guarded write, so of two concurrent confirms one charges and the other hears
/// 409. The seats must stay this reservation's while the money moves: when the hold ends before the payment grace
/// does, their hold is extended to the end of the grace before charging (when the hold lasts longer, it already covers
/// the payment and nothing is written). Each write starts from the copy just read or written, with its ETag.
/// </summary>
public sealed class ConfirmReservation(
    StoredReservations reservations,
    ITicketInventory inventory,
    IPaymentGateway payments,
    SettlePayment settle,
    CancelOrExpire expiry,
    IOptions<BookingOptions> options,
    TimeProvider time,
    ILogger<ConfirmReservation> logger)
{
    /// <param name="paymentMethodId">The card to charge; may be empty for a free reservation.</param>
    public Task<ConfirmOutcome> ConfirmAsync(string userId, string reservationId, string paymentMethodId, CancellationToken cancellationToken) =>
        ConfirmAsync(userId, reservationId, paymentMethodId, null, cancellationToken);

    /// <param name="paymentMethodId">The card to charge; may be empty for a free reservation.</param>
    /// <param name="beforeFirstPayment">Runs before the first payment of a held reservation starts (the move to confirming),
    /// with the reservation as read: the caller starts its orchestration, which from then on settles it. If it throws,
    /// nothing has changed.</param>
    public async Task<ConfirmOutcome> ConfirmAsync(string userId, string reservationId, string paymentMethodId, Func<Reservation, Task>? beforeFirstPayment,
        CancellationToken cancellationToken)
    {
        if (paymentMethodId.Length > 0)
        {
            ValidatePaymentMethod(paymentMethodId);
        }

        // The copy this instance wrote when it made the reservation, if it did (else one read): a copy that is out of
        // date costs a 412 and a read, never a wrong answer.
        var (stored, fresh) = await reservations.GetLastCopyOrStoredAsync(userId, reservationId, cancellationToken);
        var known = stored.Reservation;
        if (beforeFirstPayment is not null && known.Payment.Attempt == 0 && known.StatusAt(time.GetUtcNow()) == ReservationStatus.Held)
        {
            await beforeFirstPayment(known);
        }

        var (confirming, started) = await reservations.UpdateAsync(stored, r => Start(r, paymentMethodId), cancellationToken, fresh);
        var current = confirming.Reservation;
        if (!started)
        {
            switch (current.StatusAt(time.GetUtcNow()))
            {
                case ReservationStatus.Confirmed:
                    return new ConfirmOutcome(current);
                case ReservationStatus.Cancelled:
                    throw ReservationErrors.Cancelled(reservationId);
                case ReservationStatus.Expired:
                    if (current.Status == ReservationStatus.Held)
                    {
                        await expiry.ExpireAsync(userId, reservationId, CancellationToken.None);
                    }

                    throw ReservationErrors.Expired(reservationId);
                default:
                    throw ReservationErrors.PaymentInProgress(reservationId);
            }
        }

        // From here on the money may move: the steps run to the end even if the caller goes away.
        if (current.Payment.GraceUntil > current.ExpiresAt)
        {
            // The seats are held until the hold's end (reserve held them until then, and nothing but this reservation's
            // own end releases them before it): extend that to the grace's end, or find out before charging that they are gone.
            var hold = await inventory.HoldAsync(current.EventId, current.Id, current.TicketIds, current.Payment.GraceUntil.Value, CancellationToken.None);
            if (!hold.Succeeded)
            {
                var (lost, changed) = await reservations.UpdateAsync(confirming, r => r.FailPayment(current.Payment.Attempt, time.GetUtcNow(),
                    "The seats were lost before the payment started; nothing was charged", releaseSeats: true), CancellationToken.None);
                if (changed)
                {
                    await inventory.ReleaseAsync(lost.Reservation.EventId, lost.Reservation.Id, lost.Reservation.TicketIds, CancellationToken.None);
                }

                throw ReservationErrors.Expired(reservationId);
            }
        }

        if (current.IsFree)
        {
            var booked = await settle.BookAsync(confirming, null, CancellationToken.None);
            return booked.Status == ReservationStatus.Confirmed ? new ConfirmOutcome(booked) : throw ReservationErrors.Expired(reservationId,
                "The seats were lost while booking; reserve again.");
        }

        PaymentResult result;
        try
        {
            result = await settle.ChargeAsync(current, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The outcome is unknown; the reservation stays "confirming" and the orchestration settles it when the
            // payment grace ends, charging again with the same idempotency key (which never charges twice).
            logger.LogWarning(ex, "Charge for reservation {ReservationId} attempt {Attempt} has an unknown outcome", reservationId, current.Payment.Attempt);
            throw ex as PaymentUnavailableException ?? new PaymentUnavailableException(
                "The payment provider did not answer. Nothing is charged twice: check the reservation's status in a minute.", ex);
        }

        var after = await settle.ApplyChargeResultAsync(confirming, result, CancellationToken.None);
        return result.Status switch
        {
            PaymentStatus.Succeeded => after.Status == ReservationStatus.Confirmed ? new ConfirmOutcome(after) : throw ReservationErrors.Expired(reservationId,
                "The seats were lost while the payment was under way; the payment was refunded in full."),
            PaymentStatus.RequiresAction => new ConfirmOutcome(current, result.ClientSecret ?? "", result.PaymentId),
            _ => throw NotPaid(after, result),
        };
    }

    /// <summary>Held -> confirming, once the payment method and the amount are known to be usable.</summary>
    private Reservation? Start(Reservation r, string paymentMethodId)
    {
        var now = time.GetUtcNow();
        var graceUntil = r.ExpiresAt > now + options.Value.PaymentGrace ? r.ExpiresAt : now + options.Value.PaymentGrace;
        var next = r.StartPayment(now, r.IsFree ? null : paymentMethodId, graceUntil);
        if (next is not null && !r.IsFree)
        {
            ValidatePaymentMethod(paymentMethodId);
            EnsureChargeable(r);
        }

        return next;
    }

    /// <summary>A declined or failed attempt: what the customer may do now (try another card, or nothing when the reservation has ended).</summary>
    private DomainException NotPaid(Reservation after, PaymentResult result)
    {
        var declined = result.Status == PaymentStatus.Declined;
        var next = after.Status switch
        {
            ReservationStatus.Held => $"Your seats stay held until {after.ExpiresAt:O}; you may try another card.",
            ReservationStatus.Cancelled => $"After {after.Payment.Declines} declined payments the reservation was cancelled and its seats released; reserve again to try once more.",
            _ => "The hold has expired.",
        };
        var extensions = new Dictionary<string, object?> { ["reservationId"] = after.Id, ["expiresAt"] = after.ExpiresAt };
        if (declined)
        {
            extensions["declinesLeft"] = Math.Max(0, options.Value.MaxDeclinedAttempts - after.Payment.Declines);
            if (payments.ShowsDeclineCodes)
            {
                extensions["declineCode"] = result.DeclineCode;
            }
        }

        return new DomainException(declined ? ErrorKind.PaymentDeclined : ErrorKind.PaymentFailed,
            declined ? "The payment was declined." : "The payment failed.",
            $"{result.Message ?? "The payment did not go through."} {next}", extensions);
    }

    /// <summary>The amount must be one the payment provider accepts in the reservation's currency, or no attempt starts.</summary>
    private static void EnsureChargeable(Reservation r)
    {
        try
        {
            StripeAmount.ToMinorUnits(r.Total, r.Currency);
        }
        catch (ArgumentException ex)
        {
            throw new DomainException(ErrorKind.AmountNotChargeable, "The amount cannot be charged.",
                $"Reservation {r.Id} costs {r.Total} {r.Currency}, which the payment provider does not accept ({ex.Message.Split(" (Parameter")[0]}). "
                + "Nothing was charged and the seats stay held; cancel it and reserve again.",
                new Dictionary<string, object?> { ["reservationId"] = r.Id });
        }
    }

    private static void ValidatePaymentMethod(string? paymentMethodId)
    {
        if (string.IsNullOrWhiteSpace(paymentMethodId) || paymentMethodId.Length > 255
            || !paymentMethodId.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw InvalidRequestException.For("paymentMethodId",
                "'paymentMethodId' is a payment method id such as 'pm_card_visa' (letters, digits and '_', at most 255).");
        }
    }
}
