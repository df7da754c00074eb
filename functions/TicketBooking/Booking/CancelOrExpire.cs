using TicketBooking.Inventory;

namespace TicketBooking.Booking;

/// <summary>
/// Ending a reservation without a booking: the customer cancels, a reservation that cannot go on is abandoned, and the
/// hold's timer expires it (or, with a payment under way, waits for it and then settles it).
/// </summary>
public sealed class CancelOrExpire(
    StoredReservations reservations,
    ITicketInventory inventory,
    SettlePayment settle,
    TimeProvider time,
    ILogger<CancelOrExpire> logger)
{
    /// <summary>Cancels a held reservation; its seats are free at once. Cancelling twice answers the same.</summary>
    public async Task<Reservation> CancelAsync(string userId, string reservationId, CancellationToken cancellationToken)
    {
        var stored = await reservations.GetStoredAsync(userId, reservationId, cancellationToken);
        var (updated, changed) = await reservations.UpdateAsync(stored, r => r.Cancel(time.GetUtcNow(), "Cancelled by the customer"), cancellationToken,
            fresh: true);
        var current = updated.Reservation;
        if (changed)
        {
            await inventory.ReleaseAsync(current.EventId, current.Id, current.TicketIds, CancellationToken.None);
            logger.LogInformation("Reservation {ReservationId} cancelled; {TicketCount} seat(s) released", reservationId, current.Tickets.Count);
            TicketBookingMetrics.RecordCancellation(current.EventId);
            return current;
        }

        return current.StatusAt(time.GetUtcNow()) switch
        {
            ReservationStatus.Cancelled => current,
            ReservationStatus.Confirmed => throw new DomainException(ErrorKind.ReservationConfirmed,
                "The reservation is already booked.", $"Reservation {reservationId} was paid and booked; it can no longer be cancelled here."),
            ReservationStatus.Confirming => throw ReservationErrors.PaymentInProgress(reservationId),
            _ => throw ReservationErrors.Expired(reservationId),
        };
    }

    /// <summary>Undoes a reservation that cannot go on (over the per-user limit): cancelled, seats free.</summary>
    public async Task AbandonAsync(Reservation reservation, string reason, CancellationToken cancellationToken)
    {
        var (_, changed) = await reservations.UpdateAsync(reservation.UserId, reservation.Id, r => r.Abandon(time.GetUtcNow(), reason), cancellationToken);
        await inventory.ReleaseAsync(reservation.EventId, reservation.Id, reservation.TicketIds, cancellationToken);
        if (changed)
        {
            TicketBookingMetrics.RecordCancellation(reservation.EventId);
        }
    }

    /// <summary>
    /// Abandons a reservation if it is still held. True when it no longer counts toward the per-user limit: abandoned
    /// now, or already ended (another request over the limit may have abandoned it first); false when it has moved on
    /// to paying or booked.
    /// </summary>
    public async Task<bool> TryAbandonAsync(Reservation reservation, string reason, CancellationToken cancellationToken)
    {
        var (current, changed) = await reservations.UpdateAsync(reservation.UserId, reservation.Id, r => r.Abandon(time.GetUtcNow(), reason), cancellationToken);
        if (changed)
        {
            await inventory.ReleaseAsync(reservation.EventId, reservation.Id, reservation.TicketIds, CancellationToken.None);
            TicketBookingMetrics.RecordCancellation(reservation.EventId);
        }

        return changed || !current.CountsAt(time.GetUtcNow());
    }

    /// <summary>
    /// The end of a hold no payment started on (<see cref="HoldExpiry"/>): a held reservation past its time expires and its
    /// seats are released. Returns the hold's end when it has not come yet (look again then), otherwise null: expired now,
    /// or nothing to do (it ended otherwise, or a payment started on it, after which its orchestration owns it).
    /// </summary>
    /// <param name="retrying">An earlier run may have expired it and failed before releasing: release what it still holds.</param>
    public async Task<DateTimeOffset?> ExpireHoldAsync(string userId, string reservationId, bool retrying, CancellationToken cancellationToken)
    {
        if (await reservations.FindStoredAsync(userId, reservationId, cancellationToken) is not { } found)
        {
            return null;
        }

        var (stored, expired) = await reservations.UpdateAsync(found, c => c.Payment.Attempt == 0 ? c.Expire(time.GetUtcNow()) : null, cancellationToken,
            fresh: true);
        var r = stored.Reservation;
        if (expired || (retrying && r.Status == ReservationStatus.Expired && r.Payment.Attempt == 0))
        {
            var released = await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
            if (expired)
            {
                logger.LogInformation("Reservation {ReservationId} expired; {Released} seat(s) released", reservationId, released);
                TicketBookingMetrics.RecordExpiry(r.EventId);
                TicketBookingMetrics.RecordExpiryLag(r.EventId, time.GetUtcNow() - r.ExpiresAt);
            }

            return null;
        }

        return r.Status == ReservationStatus.Held && r.Payment.Attempt == 0 && time.GetUtcNow() < r.ExpiresAt ? r.ExpiresAt : null;
    }

    /// <summary>
    /// The orchestration's timer fired (a reservation a payment started on). A held reservation past its time expires
    /// and its seats are released (only those this reservation still holds). A payment under way is never cut off: it is waited for until the payment grace ends,
    /// and then settled by charging again with the same idempotency key.
    /// </summary>
    public async Task<ReservationStep> ExpireAsync(string userId, string reservationId, CancellationToken cancellationToken)
    {
        if (await reservations.FindStoredAsync(userId, reservationId, cancellationToken) is not { } found)
        {
            return ReservationStep.Done(ReservationOutcome.Expired);
        }

        var (stored, expired) = await reservations.UpdateAsync(found, c => c.Expire(time.GetUtcNow()), cancellationToken, fresh: true);
        var r = stored.Reservation;
        if (expired)
        {
            var released = await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
            logger.LogInformation("Reservation {ReservationId} expired; {Released} seat(s) released", reservationId, released);
            TicketBookingMetrics.RecordExpiry(r.EventId);
            TicketBookingMetrics.RecordExpiryLag(r.EventId, time.GetUtcNow() - r.ExpiresAt);
            return ReservationStep.Done(ReservationOutcome.Expired);
        }

        switch (r.Status)
        {
            case ReservationStatus.Held:
                return ReservationStep.WaitUntil(r.ExpiresAt);

            case ReservationStatus.Confirming when r.Payment.PaidPaymentId is { } paid:
                return ReservationStep.For(await settle.FinishPaidAsync(stored, paid, cancellationToken));

            case ReservationStatus.Confirming when time.GetUtcNow() < r.Payment.GraceUntil:
                return ReservationStep.WaitUntil(r.Payment.GraceUntil.Value);

            case ReservationStatus.Confirming:
                return ReservationStep.For(await settle.SettleStuckPaymentAsync(stored, cancellationToken));

            default:
                if (r.Status == ReservationStatus.Expired)
                {
                    await inventory.ReleaseAsync(r.EventId, r.Id, r.TicketIds, cancellationToken);
                }

                return ReservationStep.For(r);
        }
    }
}
