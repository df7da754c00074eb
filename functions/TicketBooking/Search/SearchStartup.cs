using Microsoft.Extensions.Hosting;

namespace TicketBooking.Search;

/// <summary>
/// Lucene: fills the index from the catalog at start (an in-memory index starts empty, and a folder may have missed
/// changes while the host was down). Azure AI Search has <see cref="SearchIndexKeeper"/> instead.
/// </summary>
internal sealed class SearchStartup(SearchIndexer indexer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => indexer.RebuildAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
