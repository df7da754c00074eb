using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;

namespace TicketBooking.Inventory;

/// <summary>
/// The one reader of the tickets container's change feed in a process (latest version): every changed ticket goes to
/// the <see cref="ITicketChangeObserver"/> it is given (all of them, through <see cref="TicketChangeObservers"/>), so this
/// instance's availability snapshots and search learn of writes made by other instances. Observers ignore what they do
/// not track or have already seen. It starts from the continuation <c>startFrom</c> gives (search's checkpoint in the
/// <c>leases</c> container, in Azure) or else from the moment it first reads, and polls every second;
/// <see cref="Position"/> is the continuation up to which every change has been handed on.
/// </summary>
public sealed class CosmosTicketChangeFeed(Container tickets, ITicketChangeObserver observer, ILogger<CosmosTicketChangeFeed> logger,
    TimeSpan? pollInterval = null, Func<CancellationToken, Task<string?>>? startFrom = null) : BackgroundService
{
    private const int PageSize = 1000;
    private readonly TimeSpan _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FeedIterator<CosmosTicketInventory.TicketDocument>? _iterator;
    private string? _position;

    /// <summary>The continuation after the last page handed to the observer; null before the first read.</summary>
    public string? Position => Volatile.Read(ref _position);

    /// <summary>Reads the feed up to now and hands every change on; returns how many tickets changed. Safe to call while the feed polls.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _iterator ??= tickets.GetChangeFeedIterator<CosmosTicketInventory.TicketDocument>(await StartPositionAsync(cancellationToken),
                ChangeFeedMode.LatestVersion, new ChangeFeedRequestOptions { PageSizeHint = PageSize });
            var changed = 0;
            while (_iterator.HasMoreResults)
            {
                var page = await _iterator.ReadNextAsync(cancellationToken);
                if (page.StatusCode != HttpStatusCode.NotModified)
                {
                    foreach (var change in page.GroupBy(d => d.EventId))
                    {
                        observer.OnTicketsChanged(change.Key, change.Select(d => d.ToTicket()).ToArray());
                    }

                    changed += page.Count;
                }

                if (page.ContinuationToken is { } continuation)
                {
                    Volatile.Write(ref _position, continuation);
                }

                if (page.StatusCode == HttpStatusCode.NotModified)
                {
                    break;
                }
            }

            return changed;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _iterator?.Dispose();
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
                await Task.Delay(_pollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = _pollInterval * 5;
                logger.LogWarning(ex, "Reading the tickets change feed failed; retrying in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    /// <summary>
    /// The saved continuation, else now. When the saved one cannot be read, the reader starts from now rather than not at
    /// all: the availability snapshots depend on it, and search's rebuild can repair what it misses.
    /// </summary>
    private async Task<ChangeFeedStartFrom> StartPositionAsync(CancellationToken cancellationToken)
    {
        if (startFrom is null)
        {
            return ChangeFeedStartFrom.Now();
        }

        try
        {
            return await startFrom(cancellationToken) is { } continuation ? ChangeFeedStartFrom.ContinuationToken(continuation) : ChangeFeedStartFrom.Now();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Reading the saved tickets change feed position failed; reading changes from now on");
            return ChangeFeedStartFrom.Now();
        }
    }
}
