using Microsoft.DurableTask;

namespace TicketBooking.Catalog;

/// <summary>The catalog's Durable Task orchestrator and activities.</summary>
public static class CatalogTasks
{
    public static DurableTaskRegistry AddCatalogTasks(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<EventCreationOrchestrator>()
        .AddActivity<WriteTicketBatchActivity>()
        .AddActivity<OpenEventActivity>();
}
