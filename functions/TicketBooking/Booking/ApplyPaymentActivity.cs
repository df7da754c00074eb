using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>A payment outcome from the provider: book (or refund if the seats are gone), or end the attempt.</summary>
public sealed class ApplyPaymentActivity(SettlePayment settle) : TaskActivity<ApplyPaymentInput, ReservationStep>
{
    public const string Name = nameof(ApplyPaymentActivity);

    public override Task<ReservationStep> RunAsync(TaskActivityContext context, ApplyPaymentInput input)
    {
        TicketBookingTelemetry.Tag(input.Reservation.EventId, input.Reservation.ReservationId);
        return settle.ApplyPaymentAsync(input.Reservation.UserId, input.Reservation.ReservationId, input.Payment, CancellationToken.None);
    }
}
