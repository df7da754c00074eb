using Microsoft.DurableTask;

namespace TicketBooking.Refunds;

/// <summary>Refunds one batch of a cancelled event's bookings, a few at a time; one outcome per booking.</summary>
public sealed class RefundBatchActivity(RefundBookings refunds) : TaskActivity<EventBooking[], BookingRefundOutcome[]>
{
    public const string Name = nameof(RefundBatchActivity);

    /// <summary>Bookings of one batch refunded at the same time.</summary>
    public const int Concurrency = 8;

    public override async Task<BookingRefundOutcome[]> RunAsync(TaskActivityContext context, EventBooking[] input)
    {
        var outcomes = new BookingRefundOutcome[input.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, input.Length), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (i, ct) => outcomes[i] = await refunds.RefundForCancellationAsync(input[i], ct));
        return outcomes;
    }
}
