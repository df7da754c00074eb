using Microsoft.DurableTask;

namespace TicketBooking.Refunds;

/// <summary>How many entries the event's booking index holds (the total a cancellation starts from).</summary>
public sealed class CountEventBookingsActivity(IEventBookingIndex index) : TaskActivity<string, int>
{
    public const string Name = nameof(CountEventBookingsActivity);
    private const int PageSize = 1000;

    public override async Task<int> RunAsync(TaskActivityContext context, string input)
    {
        var count = 0;
        string? after = null;
        do
        {
            var page = await index.ListAsync(input, PageSize, after, CancellationToken.None);
            count += page.Items.Count;
            after = page.Next;
        }
        while (after is not null);

        return count;
    }
}
