using Microsoft.Extensions.Hosting;

namespace TicketBooking.Http;

/// <summary>
/// Raises the thread pool's least worker threads to <see cref="ServerSentEventsOptions.MinPoolThreads"/> when the
/// instance starts (never lowers them), so requests do not queue behind a fan-out to thousands of streams.
/// </summary>
internal sealed class ThreadPoolFloor(IOptions<ServerSentEventsOptions> options, ILogger<ThreadPoolFloor> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var floor = options.Value.MinPoolThreads;
        if (floor > workers && ThreadPool.SetMinThreads(floor, completionPorts))
        {
            logger.LogInformation("The thread pool keeps at least {Threads} worker threads (was {Before})", floor, workers);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
