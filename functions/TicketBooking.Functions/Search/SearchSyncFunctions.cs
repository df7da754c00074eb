using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Functions.Hosting;
using TicketBooking.Http;
using TicketBooking.Search;

namespace TicketBooking.Functions.Search;

/// <summary>
/// Keeps Azure AI Search current from the Cosmos change feeds every 5 seconds (the Functions host runs a timer
/// function on one instance at a time). See docs/adr/0004-search.md for why not a Cosmos trigger or a search indexer.
/// </summary>
public sealed class SearchSyncFunctions(IServiceProvider services)
{
    public const string Schedule = "*/5 * * * * *";

    [Function("SearchSync")]
    public async Task SearchSync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        // Registered only when the data lives in Cosmos DB (always so in Azure).
        if (services.GetService<SearchChangeFeed>() is { } feed)
        {
            await feed.RunOnceAsync(cancellationToken);
        }
    }
}
