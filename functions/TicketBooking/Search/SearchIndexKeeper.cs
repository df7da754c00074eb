using Microsoft.Extensions.Hosting;

namespace TicketBooking.Search;

/// <summary>
/// Azure AI Search: creates or updates the index definition at start, retrying with capped exponential backoff
/// (<see cref="RetryBackoff"/>) until it succeeds, so a service that is unreachable at start never leaves the app without
/// an index. Whenever the index had to be created (a new service, or an index deleted under the running app and
/// re-created by <see cref="AzureEventSearch"/>), it is refilled from the catalog, again retrying until that succeeds.
/// </summary>
public sealed class SearchIndexKeeper(AzureEventSearch search, SearchIndexer indexer, RetryBackoff backoff, TimeProvider time,
    ILogger<SearchIndexKeeper> logger) : BackgroundService
{
    private readonly SemaphoreSlim _created = new(0, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the index definition is in place.</summary>
    public Task Ready => _ready.Task;

    public override void Dispose()
    {
        search.IndexCreated -= OnIndexCreated;
        _created.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        search.IndexCreated += OnIndexCreated;
        try
        {
            await RetryAsync("Creating or updating the search index", search.EnsureIndexAsync, stoppingToken);
            _ready.TrySetResult();
            while (!stoppingToken.IsCancellationRequested)
            {
                await _created.WaitAsync(stoppingToken);
                await RetryAsync("Refilling the new search index", async ct => await indexer.RebuildAsync(ct), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(stoppingToken);
        }
    }

    private async Task RetryAsync(string operation, Func<CancellationToken, Task> attempt, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await attempt(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = backoff.Delay(failures);
                logger.LogError(ex, "{Operation} failed (attempt {Attempt}); trying again in {Delay}", operation, failures, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private void OnIndexCreated(object? sender, EventArgs e)
    {
        try
        {
            _created.Release();
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // A refill is already due, or the app is stopping.
        }
    }
}
