using Microsoft.DurableTask.Client;

namespace TicketBooking.Local.Durable;

/// <summary>
/// Removes finished orchestration instances now and then: the in-memory service keeps every instance for good, and
/// a long on-sale would otherwise grow the process without bound. Instances are kept for a while first, so a late
/// payment webhook can still read whose reservation it was.
/// </summary>
internal sealed class FinishedInstancePurger(DurableTaskClient client, DurableOptions options, TimeProvider time, ILogger<FinishedInstancePurger> logger)
    : BackgroundService
{
    private static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <summary>The sidecar needs a lower bound (it fails on an open one).</summary>
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PurgeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var result = await client.PurgeAllInstancesAsync(
                    new PurgeInstancesFilter(CreatedFrom: Epoch, CreatedTo: time.GetUtcNow() - options.KeepFinishedFor, Statuses: Finished), stoppingToken);
                if (result.PurgedInstanceCount > 0)
                {
                    logger.LogInformation("Purged {Count} finished orchestration instances", result.PurgedInstanceCount);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Purging finished orchestration instances failed; trying again in {Interval}", options.PurgeInterval);
            }
        }
    }
}
