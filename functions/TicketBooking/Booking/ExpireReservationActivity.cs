using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>The hold's timer fired: expire and release, or say how long to wait for a payment under way.</summary>
public sealed class ExpireReservationActivity(CancelOrExpire expiry) : TaskActivity<ReservationWorkflowInput, ReservationStep>
{
    public const string Name = nameof(ExpireReservationActivity);

    public override Task<ReservationStep> RunAsync(TaskActivityContext context, ReservationWorkflowInput input)
    {
        TicketBookingTelemetry.Tag(input.EventId, input.ReservationId);
        return expiry.ExpireAsync(input.UserId, input.ReservationId, CancellationToken.None);
    }
}
