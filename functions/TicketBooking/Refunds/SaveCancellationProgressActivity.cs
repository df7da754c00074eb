using Microsoft.DurableTask;

namespace TicketBooking.Refunds;

/// <summary>Records a cancellation's progress where its organizer reads it; the progress as stored.</summary>
public sealed class SaveCancellationProgressActivity(IEventBookingIndex index, TimeProvider time) : TaskActivity<CancellationProgressUpdate, CancellationProgress>
{
    public const string Name = nameof(SaveCancellationProgressActivity);

    public override async Task<CancellationProgress> RunAsync(TaskActivityContext context, CancellationProgressUpdate input)
    {
        var progress = input.Run.Progress(input.State, time.GetUtcNow());
        await index.SaveProgressAsync(progress, CancellationToken.None);
        return progress;
    }
}
