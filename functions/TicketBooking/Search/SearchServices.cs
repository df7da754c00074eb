using Azure.Identity;
using Azure.Search.Documents.Indexes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using TicketBooking.Catalog;
using TicketBooking.Configuration;
using TicketBooking.Cosmos;
using TicketBooking.Inventory;
using TicketBooking.Search.Lucene;

namespace TicketBooking.Search;

public static class SearchServices
{
    /// <summary>
    /// Search: Azure AI Search kept current by the change feed (<see cref="SearchChangeFeed"/>, run by a timer function),
    /// or Lucene kept current in process (<see cref="SearchSync"/>). Call after <c>AddData</c>: locally the ticket
    /// change observer it registers is extended so ticket writes also reach the index.
    /// </summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventSearchOptions>().Bind(configuration.GetSection(EventSearchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var provider = configuration.GetSection(EventSearchOptions.Section).Get<EventSearchOptions>()?.Provider ?? SearchProvider.Lucene;

        if (provider == SearchProvider.AzureAISearch)
        {
            services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<EventSearchOptions>>().Value;
                var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
                {
                    ManagedIdentityClientId = string.IsNullOrEmpty(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
                });
                return new SearchIndexClient(new Uri(options.Endpoint!), credential, AzureEventSearch.ClientOptions());
            });
            services.AddSingleton<IEventSearch>(sp => new AzureEventSearch(sp.GetRequiredService<SearchIndexClient>(),
                sp.GetRequiredService<IOptions<EventSearchOptions>>().Value.IndexName));
        }
        else
        {
            services.AddSingleton<IEventSearch>(sp => new LuceneEventSearch(sp.GetRequiredService<IOptions<EventSearchOptions>>().Value.IndexPath));
            services.AddSingleton<SearchChangeQueue>();
            services.AddSingleton<IEventChangeObserver>(sp => sp.GetRequiredService<SearchChangeQueue>());
            services.AddHostedService<SearchSync>();
            AlsoTellSearchOfTicketChanges(services);
        }

        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<SearchApi>();
        services.AddHostedService<SearchStartup>();

        var data = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.InMemory;
        if (data == DataProvider.Cosmos)
        {
            services.AddSingleton(sp =>
            {
                var database = sp.GetRequiredService<Database>();
                return new SearchChangeFeed(database.GetContainer(Containers.Events), database.GetContainer(Containers.Tickets),
                    database.GetContainer(Containers.Leases), sp.GetRequiredService<SearchIndexer>(), sp.GetRequiredService<AvailabilityBoard>(),
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SearchChangeFeed>>());
            });
        }

        return services;
    }

    /// <summary>The inventory reports to one <see cref="ITicketChangeObserver"/>; make it report to the index as well.</summary>
    private static void AlsoTellSearchOfTicketChanges(IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(ITicketChangeObserver));
        if (existing is null)
        {
            services.AddSingleton<ITicketChangeObserver>(sp => sp.GetRequiredService<SearchChangeQueue>());
            return;
        }

        services.Remove(existing);
        services.AddSingleton<ITicketChangeObserver>(sp =>
        {
            var first = existing.ImplementationInstance as ITicketChangeObserver
                ?? existing.ImplementationFactory?.Invoke(sp) as ITicketChangeObserver
                ?? (ITicketChangeObserver)ActivatorUtilities.CreateInstance(sp, existing.ImplementationType!);
            return new TicketChangeFanOut(first, sp.GetRequiredService<SearchChangeQueue>());
        });
    }

    private sealed class TicketChangeFanOut(ITicketChangeObserver first, ITicketChangeObserver second) : ITicketChangeObserver
    {
        public void OnTicketsChanged(string eventId, IReadOnlyList<Ticket> tickets)
        {
            first.OnTicketsChanged(eventId, tickets);
            second.OnTicketsChanged(eventId, tickets);
        }
    }
}

/// <summary>
/// At start: Azure creates or updates the index definition; Lucene fills its index from the catalog (an in-memory index
/// starts empty, and a folder may have missed changes while the host was down).
/// </summary>
internal sealed class SearchStartup(IEventSearch search, SearchIndexer indexer, IOptions<EventSearchOptions> options, ILogger<SearchStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider == SearchProvider.Lucene)
        {
            await indexer.RebuildAsync(cancellationToken);
            return;
        }

        try
        {
            await search.EnsureIndexAsync(cancellationToken);
            logger.LogInformation("Search index {IndexName} is up to date at {Endpoint}", options.Value.IndexName, options.Value.Endpoint);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Searches still work against the index as it is; the next start (or POST /api/admin/search/rebuild) tries again.
            logger.LogError(ex, "Creating or updating search index {IndexName} failed", options.Value.IndexName);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
