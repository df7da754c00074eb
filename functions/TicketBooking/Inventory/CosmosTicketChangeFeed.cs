using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;

namespace TicketBooking.Inventory;

/// <summary>
/// Keeps this instance's availability snapshots current with ticket writes made by other instances: reads the
/// tickets container's change feed (latest version, from the moment the instance starts) and hands every
/// changed ticket to the <see cref="AvailabilityBoard"/>, which ignores events it is not tracking and versions
/// it has already seen. Writes made by this instance reach the board at once; this closes the gap for the rest.
/// </summary>
public sealed class CosmosTicketChangeFeed(Container tickets, AvailabilityBoard board, ILogger<CosmosTicketChangeFeed> logger,
    TimeSpan? pollInterval = null) : BackgroundService
{
    private readonly TimeSpan _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var iterator = tickets.GetChangeFeedIterator<CosmosTicketInventory.TicketDocument>(ChangeFeedStartFrom.Now(), ChangeFeedMode.LatestVersion,
            new ChangeFeedRequestOptions { PageSizeHint = 1000 });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var page = await iterator.ReadNextAsync(stoppingToken);
                if (page.StatusCode == HttpStatusCode.NotModified)
                {
                    await Task.Delay(_pollInterval, stoppingToken);
                    continue;
                }

                foreach (var change in page.GroupBy(d => d.EventId))
                {
                    board.OnTicketsChanged(change.Key, change.Select(d => d.ToTicket()).ToArray());
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (CosmosException ex)
            {
                logger.LogWarning(ex, "Reading the tickets change feed failed with {StatusCode}; retrying", ex.StatusCode);
                await Task.Delay(_pollInterval * 5, stoppingToken);
            }
        }
    }
}
