using Microsoft.DurableTask;

namespace TicketBooking.Refunds;

/// <summary>Runs a refunding booking's steps to the end (with bounded retries); its outcome.</summary>
public sealed class CompleteRefundActivity(RefundBookings refunds) : TaskActivity<BookingRefundInput, BookingRefundOutcome>
{
    public const string Name = nameof(CompleteRefundActivity);

    public override Task<BookingRefundOutcome> RunAsync(TaskActivityContext context, BookingRefundInput input) =>
        refunds.CompleteAsync(input.UserId, input.BookingId, CancellationToken.None);
}
