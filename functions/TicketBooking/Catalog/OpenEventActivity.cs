using Microsoft.DurableTask;

namespace TicketBooking.Catalog;

/// <summary>Every ticket is written: moves the event from creating to scheduled (on sale). Its status after the step.</summary>
public sealed class OpenEventActivity(EventCatalog catalog) : TaskActivity<string, EventStatus>
{
    public const string Name = nameof(OpenEventActivity);

    public override async Task<EventStatus> RunAsync(TaskActivityContext context, string input) =>
        (await catalog.OpenAsync(input, CancellationToken.None)).Status;
}
