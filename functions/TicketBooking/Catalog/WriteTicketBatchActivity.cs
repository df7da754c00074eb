using Microsoft.DurableTask;

namespace TicketBooking.Catalog;

/// <summary>Writes one batch of a new event's tickets (create-if-absent); the number of tickets in the batch.</summary>
public sealed class WriteTicketBatchActivity(EventCatalog catalog) : TaskActivity<TicketBatch, int>
{
    public const string Name = nameof(WriteTicketBatchActivity);

    public override Task<int> RunAsync(TaskActivityContext context, TicketBatch input) =>
        catalog.WriteTicketBatchAsync(input, CancellationToken.None);
}
