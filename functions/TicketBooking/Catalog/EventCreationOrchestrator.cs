using Microsoft.DurableTask;

namespace TicketBooking.Catalog;

/// <summary>
/// One per new event (instance id from <see cref="InstanceIdFor"/>). Writes the event's tickets in batches, a few
/// at a time, then opens the event for sale. Each batch is a create-if-absent of seats computed from the stored
/// layout, so a batch that runs twice (a retry, a replay after a crash) writes nothing new, and a resumed instance
/// simply continues. Deterministic: all I/O in the activities.
/// </summary>
public sealed class EventCreationOrchestrator : TaskOrchestrator<EventCreationInput, EventStatus>
{
    public const string Name = nameof(EventCreationOrchestrator);

    /// <summary>Batches written at the same time (one event's tickets share one Cosmos partition).</summary>
    public const int Parallelism = 4;

    private static readonly TaskOptions StepOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    public static string InstanceIdFor(string eventId) => "create-" + eventId;

    public static int BatchCount(EventCreationInput input) => (input.TicketCount + input.BatchSize - 1) / input.BatchSize;

    public override async Task<EventStatus> RunAsync(TaskOrchestrationContext context, EventCreationInput input)
    {
        var logger = context.CreateReplaySafeLogger<EventCreationOrchestrator>();
        var batches = BatchCount(input);
        for (var first = 0; first < batches; first += Parallelism)
        {
            var wave = Enumerable.Range(first, Math.Min(Parallelism, batches - first))
                .Select(i => context.CallActivityAsync<int>(WriteTicketBatchActivity.Name, new TicketBatch(input.EventId, i, input.BatchSize), StepOptions));
            await Task.WhenAll(wave);
        }

        var status = await context.CallActivityAsync<EventStatus>(OpenEventActivity.Name, input.EventId, StepOptions);
        logger.LogInformation("Event {EventId}: {TicketCount} tickets written in {BatchCount} batches; now {Status}",
            input.EventId, input.TicketCount, batches, status);
        return status;
    }
}
