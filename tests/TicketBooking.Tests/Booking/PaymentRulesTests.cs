using TicketBooking.Booking;
using TicketBooking.Errors;
using TicketBooking.Inventory;
using TicketBooking.Payments;

namespace TicketBooking.Tests.Booking;

/// <summary>The payment rules on a clock the test moves: the declined-attempt limit, amounts that cannot be charged, payment outcomes checked, refunds and disputes.</summary>
public sealed class PaymentRulesTests
{
    private readonly BookingWorld _world = new();

    [Fact]
    public async Task TheLastAllowedDeclineCancelsTheReservationAndFreesItsSeats()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var declines = new List<DomainException>();
        for (var i = 0; i < _world.Options.MaxDeclinedAttempts; i++)
        {
            declines.Add(await Assert.ThrowsAsync<DomainException>(() => Confirm(r.Id, "pm_card_chargeDeclined")));
        }

        var next = await Assert.ThrowsAsync<DomainException>(() => Confirm(r.Id, "pm_card_visa"));

        Assert.Equal(5, _world.Options.MaxDeclinedAttempts);
        Assert.All(declines, d => Assert.Equal(ErrorKind.PaymentDeclined, d.Kind));
        Assert.DoesNotContain("cancelled", declines[^2].Detail, StringComparison.Ordinal);
        Assert.Contains("cancelled", declines[^1].Detail, StringComparison.Ordinal);
        Assert.Equal(0, declines[^1].Extensions["declinesLeft"]);
        Assert.Equal(ErrorKind.ReservationCancelled, next.Kind);
        Assert.Equal(ReservationStatus.Cancelled, (await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None)).Status);
        Assert.Equal(TicketStatus.Available, (await _world.TicketAsync(eventId, "A-1-1")).Status);
        Assert.Equal(0, _world.Payments.ChargeCount(r.Id));
    }

    [Fact]
    public async Task FewerDeclinesThanTheLimitKeepTheHoldAndAFailedAuthenticationCounts()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        for (var i = 0; i < _world.Options.MaxDeclinedAttempts - 2; i++)
        {
            await Assert.ThrowsAsync<DomainException>(() => Confirm(r.Id, "pm_card_chargeDeclined"));
        }

        var pending = await Confirm(r.Id, "pm_card_authenticationRequired");
        var failed = _world.Payments.CompleteAction(pending.PaymentId!, succeeded: false);
        await _world.SettlePayment.ApplyPaymentAsync("u1", r.Id, failed, CancellationToken.None);
        var held = await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None);
        var last = await Assert.ThrowsAsync<DomainException>(() => Confirm(r.Id, "pm_card_chargeDeclined"));

        Assert.Equal(ReservationStatus.Held, held.Status);
        Assert.Equal(_world.Options.MaxDeclinedAttempts - 1, held.Payment.Declines);
        Assert.Contains("cancelled", last.Detail, StringComparison.Ordinal);
        Assert.Equal(TicketStatus.Available, (await _world.TicketAsync(eventId, "A-1-1")).Status);
    }

    [Fact]
    public async Task AnAmountTheProviderCannotTakeIsRefusedBeforeAnyAttemptAndTheHoldStays()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var stored = await _world.Store.GetAsync("u1", r.Id);
        Assert.NotNull(await _world.Store.TryReplaceAsync(stored!.Reservation with { Total = 12.345m }, stored.ETag));

        var refused = await Assert.ThrowsAsync<DomainException>(() => Confirm(r.Id, "pm_card_visa"));
        var after = await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None);

        Assert.Equal(ErrorKind.AmountNotChargeable, refused.Kind);
        Assert.Equal(422, TicketBooking.Http.ProblemMapper.StatusOf(refused.Kind));
        Assert.Equal(ReservationStatus.Held, after.Status);
        Assert.Equal(0, after.Payment.Attempt);
        Assert.Empty(_world.Payments.Payments);
    }

    [Fact]
    public async Task AGatewayThatCannotConvertTheAmountEndsTheAttemptInsteadOfLeavingItConfirming()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        _world.PaymentGate.BeforeCharge = (_, _) => throw new ArgumentOutOfRangeException("amount", "Stripe accepts no such amount.");

        var failed = await Assert.ThrowsAsync<DomainException>(() => Confirm(r.Id, "pm_card_visa"));
        var after = await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None);

        Assert.Equal(ErrorKind.PaymentFailed, failed.Kind);
        Assert.Equal(ReservationStatus.Held, after.Status);
        Assert.Equal(1, after.Payment.Attempt);
        Assert.Null(after.Payment.GraceUntil);
    }

    [Fact]
    public async Task AFreeReservationIsBookedWithoutAnyPaymentCall()
    {
        var eventId = await _world.AddEventAsync(price: 0m);
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1", "A-1-2");
        var charges = 0;
        _world.PaymentGate.BeforeCharge = (_, _) =>
        {
            Interlocked.Increment(ref charges);
            return Task.CompletedTask;
        };

        var outcome = await Confirm(r.Id, "");

        Assert.Equal(ReservationStatus.Confirmed, outcome.Reservation.Status);
        Assert.Equal(0, charges);
        Assert.Empty(_world.Payments.Payments);
        Assert.Null((await _world.Bookings.GetAsync("u1", outcome.Reservation.BookingId!))!.PaymentId);
        Assert.Equal(TicketStatus.Booked, (await _world.TicketAsync(eventId, "A-1-2")).Status);
    }

    [Fact]
    public async Task APaidReservationStillNeedsAPaymentMethod()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");

        var missing = await Assert.ThrowsAsync<InvalidRequestException>(() => Confirm(r.Id, ""));

        Assert.Contains("paymentMethodId", missing.Errors.Keys);
        Assert.Equal(ReservationStatus.Held, (await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData(1, "usd")]
    [InlineData(4000, "eur")]
    public async Task APaymentOfAnotherAmountOrCurrencyIsRefundedAndNeverBooked(long amount, string currency)
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var pending = await Confirm(r.Id, "pm_card_authenticationRequired");
        var real = _world.Payments.CompleteAction(pending.PaymentId!, succeeded: true);

        var step = await _world.SettlePayment.ApplyPaymentAsync("u1", r.Id, real with { AmountMinorUnits = amount, Currency = currency }, CancellationToken.None);
        var after = await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None);

        Assert.Equal((4000L, "usd"), (real.AmountMinorUnits, real.Currency));
        Assert.Null(step.Outcome);
        Assert.Equal(ReservationStatus.Held, after.Status);
        Assert.Null(after.BookingId);
        Assert.Equal(1, _world.Payments.RefundCount(r.Id));
        Assert.NotEqual(TicketStatus.Booked, (await _world.TicketAsync(eventId, "A-1-1")).Status);
    }

    [Fact]
    public async Task RefundsAndDisputesAreMarkedOnTheBookingOnceEach()
    {
        var eventId = await _world.AddEventAsync();
        var (r, _) = await _world.ReserveAsync("u1", eventId, "A-1-1");
        var paid = await Confirm(r.Id, "pm_card_visa");
        var paymentId = paid.Reservation.Payment.PaidPaymentId!;
        var t1 = _world.Time.GetUtcNow();

        await _world.SettlePayment.RecordChargeEventAsync("u1", r.Id, new ChargeNotification(ChargeEventKind.Refunded, paymentId, t1), CancellationToken.None);
        await _world.SettlePayment.RecordChargeEventAsync("u1", r.Id, new ChargeNotification(ChargeEventKind.Refunded, paymentId, t1.AddMinutes(5)), CancellationToken.None);
        await _world.SettlePayment.RecordChargeEventAsync("u1", r.Id, new ChargeNotification(ChargeEventKind.Disputed, paymentId, t1.AddDays(1)), CancellationToken.None);
        await _world.SettlePayment.RecordChargeEventAsync("u1", r.Id, new ChargeNotification(ChargeEventKind.Disputed, "pi_someone_else", t1.AddDays(2)), CancellationToken.None);
        var after = await _world.Reservations.GetAsync("u1", r.Id, CancellationToken.None);

        Assert.Equal(ReservationStatus.Confirmed, after.Status);
        Assert.Equal(t1, after.Payment.RefundedAt);
        Assert.Equal(t1.AddDays(1), after.Payment.DisputedAt);
    }

    private Task<ConfirmOutcome> Confirm(string reservationId, string paymentMethodId) =>
        _world.ConfirmReservation.ConfirmAsync("u1", reservationId, paymentMethodId, CancellationToken.None);
}
