using Microsoft.DurableTask;

namespace TicketBooking.Refunds;

/// <summary>
/// One per cancelled event (instance id from <see cref="InstanceIdFor"/>): refunds every booking in the event's booking
/// index. It counts the entries, then takes them a page at a time (<see cref="CancellationRun.BatchSize"/> x
/// <see cref="CancellationRun.Parallelism"/>), refunds the page's batches at the same time, records the progress and
/// continues as new with the next page, so its history stays small however many bookings there are. A refund that failed
/// transiently (the provider unreachable, a store busy) is tried again after a durable timer, the waits doubling, up to
/// <see cref="CancellationRun.Attempts"/> tries; bookings still being paid for when their turn came are asked again every
/// <see cref="PendingInterval"/> until they settle. Every step is idempotent, so an activity run twice (a retry, a replay
/// after a crash) refunds nothing twice, and a resumed instance continues where it was. A refund that failed after its
/// tries is counted and listed with its reason (and kept on the booking), never dropped; the organizer can start the
/// cancellation again to retry those.
/// </summary>
public sealed class EventCancellationOrchestrator : TaskOrchestrator<CancellationRun, CancellationProgress?>
{
    public const string Name = nameof(EventCancellationOrchestrator);

    public static readonly TimeSpan PendingInterval = TimeSpan.FromSeconds(5);

    /// <summary>Rounds for bookings still being paid for: longer than any payment grace allowed (1 hour).</summary>
    public const int MaxPendingRounds = 800;

    private static readonly TaskOptions StepOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    public static string InstanceIdFor(string eventId) => "cancel-" + eventId;

    public override async Task<CancellationProgress?> RunAsync(TaskOrchestrationContext context, CancellationRun run)
    {
        if (run.Counted is null)
        {
            var counted = await context.CallActivityAsync<int>(CountEventBookingsActivity.Name, run.EventId, StepOptions);
            run = run with { Counted = counted };
            await SaveAsync(context, run, CancellationState.Refunding);
        }

        if (!run.Listed)
        {
            var page = await context.CallActivityAsync<EventBookingPage>(ListEventBookingsActivity.Name,
                new EventBookingsQuery(run.EventId, run.BatchSize * run.Parallelism, run.Cursor), StepOptions);
            run = await RefundAsync(context, run, page.Items) with { Cursor = page.Next, Listed = page.Next is null };
            await SaveAsync(context, run, CancellationState.Refunding);
            context.ContinueAsNew(run);
            return null;
        }

        if (run.Retrying is { Count: > 0 } retrying)
        {
            await context.CreateTimer(run.NextRetryWait, CancellationToken.None);
            run = await RefundAsync(context, run, retrying, ofRetries: true) with { RetryRound = run.RetryRound + 1 };
            await SaveAsync(context, run, CancellationState.Refunding);
            context.ContinueAsNew(run);
            return null;
        }

        if (run.Pending is { Count: > 0 } pending && run.PendingRounds < MaxPendingRounds)
        {
            await context.CreateTimer(PendingInterval, CancellationToken.None);
            run = await RefundAsync(context, run, pending, ofPending: true) with { PendingRounds = run.PendingRounds + 1 };
            await SaveAsync(context, run, CancellationState.Refunding);
            context.ContinueAsNew(run);
            return null;
        }

        if (run.Pending is { Count: > 0 } stuck)
        {
            run = run.With(stuck.Select(e => new BookingRefundOutcome(e.Id, e.UserId, RefundOutcomeKind.Failed,
                "Its reservation was still being paid for long after the cancellation; check it and refund by hand.")), new Dictionary<string, EventBooking>(), ofPending: true);
        }

        var done = await SaveAsync(context, run, CancellationState.Completed);
        context.CreateReplaySafeLogger<EventCancellationOrchestrator>().LogInformation(
            "Event {EventId} cancelled: {Refunded} booking(s) refunded, {Failed} failed", run.EventId, done.Refunded, done.Failed);
        return done;
    }

    private static async Task<CancellationRun> RefundAsync(TaskOrchestrationContext context, CancellationRun run, IReadOnlyList<EventBooking> entries,
        bool ofPending = false, bool ofRetries = false)
    {
        var batches = entries.Chunk(run.BatchSize)
            .Select(batch => context.CallActivityAsync<BookingRefundOutcome[]>(RefundBatchActivity.Name, batch, StepOptions));
        var outcomes = (await Task.WhenAll(batches)).SelectMany(o => o);
        return run.With(outcomes, entries.ToDictionary(e => e.Id, StringComparer.Ordinal), ofPending, ofRetries);
    }

    private static Task<CancellationProgress> SaveAsync(TaskOrchestrationContext context, CancellationRun run, CancellationState state) =>
        context.CallActivityAsync<CancellationProgress>(SaveCancellationProgressActivity.Name, new CancellationProgressUpdate(run, state), StepOptions);
}
