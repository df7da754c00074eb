using Microsoft.DurableTask;
using TicketBooking.Booking;

namespace TicketBooking.Refunds;

/// <summary>
/// One per refund its owner asked for (instance id from <see cref="InstanceIdFor"/>): runs the refunding booking's steps
/// (<see cref="RefundBookings.CompleteAsync"/>) to the end. Started after the booking is marked refunding, so a crash of
/// the host at any step resumes here and finishes the refund; the steps are idempotent.
/// </summary>
public sealed class BookingRefundOrchestrator : TaskOrchestrator<BookingRefundInput, BookingRefundOutcome>
{
    public const string Name = nameof(BookingRefundOrchestrator);

    private static readonly TaskOptions StepOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));

    /// <summary>One instance per refund request of a booking (a request after a refused refund gets a new one).</summary>
    public static string InstanceIdFor(BookingRecord booking) => $"refund-{booking.Id}-{booking.Refund?.RequestedAt.UtcTicks ?? 0}";

    public override Task<BookingRefundOutcome> RunAsync(TaskOrchestrationContext context, BookingRefundInput input) =>
        context.CallActivityAsync<BookingRefundOutcome>(CompleteRefundActivity.Name, input, StepOptions);
}
