using Microsoft.DurableTask;

namespace TicketBooking.Refunds;

/// <summary>One page of the event's booking index.</summary>
public sealed class ListEventBookingsActivity(IEventBookingIndex index) : TaskActivity<EventBookingsQuery, EventBookingPage>
{
    public const string Name = nameof(ListEventBookingsActivity);

    public override Task<EventBookingPage> RunAsync(TaskActivityContext context, EventBookingsQuery input) =>
        index.ListAsync(input.EventId, input.PageSize, input.After, CancellationToken.None);
}
