using TicketBooking.Booking;
using TicketBooking.Errors;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Payments;

namespace TicketBooking.Tests.Booking;

/// <summary>The booking rules on a clock the test moves: the race at the edge of the hold, settling stuck payments, refunds.</summary>
public sealed class ReservationsTests
{
    private readonly BookingWorld _world = new();

    [Fact]
    public async Task ConfirmChargesOnceBooksTheSeatsAndStoresTheBooking()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1", "A-1-2");

        var outcome = await _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None);
        var again = await _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None);

        Assert.Equal(ReservationStatus.Confirmed, outcome.Reservation.Status);
        Assert.Equal(outcome.Reservation.BookingId, again.Reservation.BookingId);
        Assert.Equal(1, _world.Payments.ChargeCount(r.Id));
        Assert.Equal(8000, Assert.Single(_world.Payments.Payments).AmountMinorUnits);
        Assert.Equal(TicketStatus.Booked, (await _world.TicketAsync(eventId, "A-1-1")).Status);
        var booking = await _world.Bookings.GetAsync("u1", outcome.Reservation.BookingId!);
        Assert.Equal(80m, booking!.Total);
    }

    [Fact]
    public async Task ADeclinedCardKeepsTheHoldAndAnotherCardMayPay()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");

        var declined = await Assert.ThrowsAsync<DomainException>(() => _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_chargeDeclined", CancellationToken.None));
        var held = await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None);
        var paid = await _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None);

        Assert.Equal(402, ProblemMapper.StatusOf(declined.Kind));
        Assert.Equal(ErrorKind.PaymentDeclined, declined.Kind);
        Assert.Equal(ReservationStatus.Held, held.Status);
        Assert.Equal(ReservationStatus.Confirmed, paid.Reservation.Status);
        Assert.Equal(2, paid.Reservation.Payment.Attempt);
        Assert.Equal(1, _world.Payments.ChargeCount(r.Id));
    }

    [Fact]
    public async Task TwoConcurrentConfirmsWithDifferentCardsChargeOnce()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var gate = new TaskCompletionSource();
        _world.PaymentGate.BeforeCharge = (_, _) => gate.Task;

        var first = Task.Run(() => _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None));
        await WaitForAsync(async () => (await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None)).Status == ReservationStatus.Confirming);
        var second = await Assert.ThrowsAsync<DomainException>(() => _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_mastercard", CancellationToken.None));
        gate.SetResult();

        Assert.Equal(ErrorKind.PaymentInProgress, second.Kind);
        Assert.Equal(ReservationStatus.Confirmed, (await first).Reservation.Status);
        Assert.Equal(1, _world.Payments.ChargeCount(r.Id));
    }

    [Fact]
    public async Task ConfirmAfterTheHoldLapsedChargesNothing()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        _world.Time.Advance(_world.Options.HoldDuration + TimeSpan.FromSeconds(1));

        var expired = await Assert.ThrowsAsync<DomainException>(() => _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None));

        Assert.Equal(ErrorKind.ReservationExpired, expired.Kind);
        Assert.Empty(_world.Payments.Payments);
        Assert.Equal(TicketStatus.Available, (await _world.TicketAsync(eventId, "A-1-1")).Status);
        Assert.Equal(ReservationStatus.Expired, (await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ThePaymentUnderWayWhenTheTimerFiresIsWaitedForAndBooks()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        _world.Time.Advance(_world.Options.HoldDuration - TimeSpan.FromSeconds(1));
        var gate = new TaskCompletionSource();
        _world.PaymentGate.BeforeCharge = (_, _) => gate.Task;

        var confirm = Task.Run(() => _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None));
        await WaitForAsync(async () => (await _world.TicketAsync(eventId, "A-1-1")).HeldUntil > r.ExpiresAt);
        _world.Time.Advance(TimeSpan.FromSeconds(5));
        var step = await _world.CancelOrExpire.ExpireAsync("u1", r.Id, CancellationToken.None);
        var stolen = await _world.Inventory.HoldAsync(eventId, "someone-else", ["A-1-1"], _world.Time.GetUtcNow().AddMinutes(10));
        gate.SetResult();
        var outcome = await confirm;

        Assert.Null(step.Outcome);
        Assert.True(step.Until > _world.Time.GetUtcNow(), "The timer's step waits for the payment grace instead of releasing.");
        Assert.False(stolen.Succeeded);
        Assert.Equal(ReservationStatus.Confirmed, outcome.Reservation.Status);
        Assert.Equal(TicketStatus.Booked, (await _world.TicketAsync(eventId, "A-1-1")).Status);
        Assert.Equal(ReservationOutcome.Confirmed, (await _world.CancelOrExpire.ExpireAsync("u1", r.Id, CancellationToken.None)).Outcome);
        Assert.Equal(1, _world.Payments.ChargeCount(r.Id));
    }

    [Fact]
    public async Task AConfirmThatDiedMidChargeIsSettledWhenTheGraceEndsWithoutChargingTwice()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        _world.Time.Advance(_world.Options.HoldDuration - TimeSpan.FromMinutes(1));
        _world.PaymentGate.BeforeCharge = (_, _) => throw new PaymentUnavailableException("network down");

        await Assert.ThrowsAsync<PaymentUnavailableException>(() => _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None));
        _world.PaymentGate.BeforeCharge = null;
        _world.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var waiting = await _world.CancelOrExpire.ExpireAsync("u1", r.Id, CancellationToken.None);
        _world.Time.Advance(_world.Options.PaymentGrace);
        var settled = await _world.CancelOrExpire.ExpireAsync("u1", r.Id, CancellationToken.None);

        Assert.Null(waiting.Outcome);
        Assert.Equal(ReservationOutcome.Confirmed, settled.Outcome);
        Assert.Equal(1, _world.Payments.ChargeCount(r.Id));
        Assert.Equal(TicketStatus.Booked, (await _world.TicketAsync(eventId, "A-1-1")).Status);
    }

    [Fact]
    public async Task MoneyThatArrivesAfterTheSeatsWereLostIsRefunded()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var action = await _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_authenticationRequired", CancellationToken.None);
        _world.Time.Advance(_world.Options.HoldDuration + _world.Options.PaymentGrace + TimeSpan.FromSeconds(1));
        var gaveUp = await _world.CancelOrExpire.ExpireAsync("u1", r.Id, CancellationToken.None);
        var taken = await _world.ReserveAsync("u2", eventId, "A-1-1");

        var late = _world.Payments.CompleteAction(action.PaymentId!, succeeded: true);
        var step = await _world.SettlePayment.ApplyPaymentAsync("u1", r.Id, late, CancellationToken.None);

        Assert.True(action.RequiresAction);
        Assert.Equal(ReservationOutcome.Expired, gaveUp.Outcome);
        Assert.Equal("u2", taken.Reservation.UserId);
        Assert.NotNull(step.Outcome);
        Assert.Equal(1, _world.Payments.RefundCount(r.Id));
        Assert.Equal(taken.Reservation.Id, (await _world.TicketAsync(eventId, "A-1-1")).ReservationId);
    }

    [Fact]
    public async Task AnAuthenticatedPaymentBooksThroughTheWebhookOnce()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var action = await _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_authenticationRequired", CancellationToken.None);

        var notification = _world.Payments.CompleteAction(action.PaymentId!, succeeded: true);
        var first = await _world.SettlePayment.ApplyPaymentAsync("u1", r.Id, notification, CancellationToken.None);
        var repeated = await _world.SettlePayment.ApplyPaymentAsync("u1", r.Id, notification, CancellationToken.None);

        Assert.Equal(ReservationOutcome.Confirmed, first.Outcome);
        Assert.Equal(ReservationOutcome.Confirmed, repeated.Outcome);
        Assert.Equal(0, _world.Payments.RefundCount(r.Id));
        Assert.Equal(TicketStatus.Booked, (await _world.TicketAsync(eventId, "A-1-1")).Status);
    }

    [Fact]
    public async Task AFailedAuthenticationGivesTheHoldBack()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var action = await _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_authenticationRequired", CancellationToken.None);

        var step = await _world.SettlePayment.ApplyPaymentAsync("u1", r.Id, _world.Payments.CompleteAction(action.PaymentId!, succeeded: false), CancellationToken.None);
        var paid = await _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None);

        Assert.Equal(r.ExpiresAt, step.Until);
        Assert.Equal(ReservationStatus.Confirmed, paid.Reservation.Status);
    }

    [Fact]
    public async Task TheTimerExpiresAHeldReservationAndFreesItsSeats()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1", "A-1-2");

        var early = await _world.CancelOrExpire.ExpireAsync("u1", r.Id, CancellationToken.None);
        _world.Time.Advance(_world.Options.HoldDuration);
        var step = await _world.CancelOrExpire.ExpireAsync("u1", r.Id, CancellationToken.None);
        var again = await _world.CancelOrExpire.ExpireAsync("u1", r.Id, CancellationToken.None);

        Assert.Equal(r.ExpiresAt, early.Until);
        Assert.Equal(ReservationOutcome.Expired, step.Outcome);
        Assert.Equal(ReservationOutcome.Expired, again.Outcome);
        Assert.Equal(TicketStatus.Available, (await _world.TicketAsync(eventId, "A-1-2")).Status);
        Assert.Null((await _world.TicketAsync(eventId, "A-1-2")).ReservationId);
    }

    [Fact]
    public async Task CancelFreesTheSeatsAtOnceAndOnlyAHeldReservationCanBeCancelled()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var (paid, _) = await _world.ReserveAsync("u1", eventId, "A-2-1");
        await _world.ConfirmReservation.ConfirmAsync("u1", paid.Id, "pm_card_visa", CancellationToken.None);

        var cancelled = await _world.CancelOrExpire.CancelAsync("u1", r.Id, CancellationToken.None);
        var twice = await _world.CancelOrExpire.CancelAsync("u1", r.Id, CancellationToken.None);
        var booked = await Assert.ThrowsAsync<DomainException>(() => _world.CancelOrExpire.CancelAsync("u1", paid.Id, CancellationToken.None));
        var confirmCancelled = await Assert.ThrowsAsync<DomainException>(() => _world.ConfirmReservation.ConfirmAsync("u1", r.Id, "pm_card_visa", CancellationToken.None));

        Assert.Equal(ReservationStatus.Cancelled, cancelled.Status);
        Assert.Equal(ReservationStatus.Cancelled, twice.Status);
        Assert.Equal(TicketStatus.Available, (await _world.TicketAsync(eventId, "A-1-1")).Status);
        Assert.Equal(ErrorKind.ReservationConfirmed, booked.Kind);
        Assert.Equal(ErrorKind.ReservationCancelled, confirmCancelled.Kind);
        Assert.Equal(0, _world.Payments.ChargeCount(r.Id));
    }

    [Fact]
    public async Task TheTicketLimitCountsHeldAndBookedSeatsPerEvent()
    {
        var eventId = await _world.AddEventAsync(rows: 4, seatsPerRow: 10);
        var (paid, _) = await _world.ReserveAsync("u1", eventId, "A-1-1", "A-1-2", "A-1-3");
        await _world.ConfirmReservation.ConfirmAsync("u1", paid.Id, "pm_card_visa", CancellationToken.None);
        await _world.ReserveAsync("u1", eventId, "A-2-1", "A-2-2", "A-2-3", "A-2-4", "A-2-5");

        var over = await Assert.ThrowsAsync<DomainException>(() => _world.ReserveAsync("u1", eventId, "A-3-1"));
        var other = await _world.ReserveAsync("u2", eventId, "A-3-1");

        Assert.Equal(ErrorKind.TicketLimit, over.Kind);
        Assert.True(other.Created);
        Assert.Equal(TicketStatus.Held, (await _world.TicketAsync(eventId, "A-3-1")).Status);
    }

    [Fact]
    public async Task ConcurrentReservesOfOneUserNeverExceedTheLimit()
    {
        // Pool threads ready, as a streaming host keeps them (Streams:MinPoolThreads): the six reserves really run at
        // once, and each sees the others' reservations, some already given up by another of them.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), completionPorts);
        for (var round = 0; round < 200; round++)
        {
            var eventId = await _world.AddEventAsync(rows: 6, seatsPerRow: 10);
            var user = $"u-{round}";

            var attempts = await Task.WhenAll(Enumerable.Range(1, 6).Select(row => Task.Run(async () =>
            {
                try
                {
                    return (await _world.ReserveAsync(user, eventId, $"A-{row}-1", $"A-{row}-2", $"A-{row}-3")).Reservation;
                }
                catch (DomainException)
                {
                    return null;
                }
            })));

            var kept = (await _world.Store.ListForEventAsync(user, eventId)).Where(r => r.Status == ReservationStatus.Held).ToArray();
            Assert.InRange(kept.Sum(r => r.Tickets.Count), 3, _world.Options.MaxTicketsPerUser);
            Assert.Equal(kept.Sum(r => r.Tickets.Count), (await _world.Inventory.GetTicketsAsync(eventId)).Count(t => t.Status == TicketStatus.Held));
            Assert.Contains(attempts, a => a is not null);
        }
    }

    [Fact]
    public async Task TheSameIdempotencyKeyGivesTheSameReservationAndAnotherBodyIsRefused()
    {
        var eventId = await _world.AddEventAsync();
        var body = new ReserveRequest { EventId = eventId, Section = "A", Quantity = 2 };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            _world.ReserveSeats.ReserveAsync("u1", body, "key-1", CancellationToken.None))));
        var other = await Assert.ThrowsAsync<DomainException>(() =>
            _world.ReserveSeats.ReserveAsync("u1", new ReserveRequest { EventId = eventId, Section = "A", Quantity = 3 }, "key-1", CancellationToken.None));
        var otherUser = await _world.ReserveSeats.ReserveAsync("u2", body, "key-1", CancellationToken.None);

        Assert.Single(results.Select(r => r.Reservation.Id).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Equal(422, ProblemMapper.StatusOf(other.Kind));
        Assert.NotEqual(results[0].Reservation.Id, otherUser.Reservation.Id);
        var held = (await _world.Inventory.GetTicketsAsync(eventId)).Where(t => t.Status == TicketStatus.Held).ToArray();
        Assert.Equal(4, held.Length);
        Assert.Equal(2, held.Count(t => t.ReservationId == results[0].Reservation.Id));
    }

    [Fact]
    public async Task BestAvailableTakesAdjacentSeatsNearestTheFront()
    {
        var eventId = await _world.AddEventAsync(rows: 3, seatsPerRow: 6);
        await _world.ReserveAsync("u9", eventId, "A-1-3");

        var (r, _) = await _world.ReserveSeats.ReserveAsync("u1", new ReserveRequest { EventId = eventId, Section = "A", Quantity = 2 }, null,
            CancellationToken.None);

        // Row 1 has 1-2 and 4-6 free: 1-2 leaves no orphan; 4-5 would leave seat 6 alone.
        Assert.Equal(["A-1-1", "A-1-2"], r.TicketIds);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(await condition(), "The condition did not come true in time.");
    }
}
