using Azure.Identity;
using Azure.Search.Documents.Indexes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TicketBooking.Catalog;
using TicketBooking.Configuration;
using TicketBooking.Cosmos;
using TicketBooking.Hosting;
using TicketBooking.Inventory;
using TicketBooking.Search.Lucene;

namespace TicketBooking.Search;

public static class SearchServices
{
    /// <summary>
    /// Search: Azure AI Search kept current by the change feeds (<see cref="SearchChangeFeed"/>, run by a timer function),
    /// or Lucene kept current in process (<see cref="SearchSync"/>). Either way search's <see cref="SearchChangeQueue"/> is
    /// one of the ticket observers, next to the availability board, whatever the order of <c>AddData</c> and <c>AddSearch</c>.
    /// </summary>
    /// <summary>The ready check of the search index.</summary>
    public const string ReadyCheck = "search";

    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventSearchOptions>().Bind(configuration.GetSection(EventSearchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var provider = configuration.GetSection(EventSearchOptions.Section).Get<EventSearchOptions>()?.Provider ?? SearchProvider.Lucene;

        services.TryAddSingleton<SearchChangeQueue>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITicketChangeObserver, SearchChangeQueue>(sp => sp.GetRequiredService<SearchChangeQueue>()));
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
            services.AddSingleton(sp => new AzureEventSearch(sp.GetRequiredService<SearchIndexClient>(),
                sp.GetRequiredService<IOptions<EventSearchOptions>>().Value.IndexName, sp.GetRequiredService<ILogger<AzureEventSearch>>()));
            services.AddSingleton<IEventSearch>(sp => sp.GetRequiredService<AzureEventSearch>());
            services.AddHostedService(sp => new SearchIndexKeeper(sp.GetRequiredService<AzureEventSearch>(), sp.GetRequiredService<SearchIndexer>(),
                RetryBackoff.Default, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SearchIndexKeeper>>()));
            AddChangeFeedSync(services, configuration);
        }
        else
        {
            services.AddSingleton<IEventSearch>(sp => new LuceneEventSearch(sp.GetRequiredService<IOptions<EventSearchOptions>>().Value.IndexPath));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IEventChangeObserver, SearchChangeQueue>(sp => sp.GetRequiredService<SearchChangeQueue>()));
            services.AddHostedService<SearchSync>();
            services.AddHostedService<SearchStartup>();
        }

        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<SearchApi>();
        // Ready when the index answers a one-result query (Azure AI Search, or the Lucene index in process).
        services.AddSingleton<IReadinessCheck>(sp => new ReadinessCheck(ReadyCheck, ct =>
            sp.GetRequiredService<IEventSearch>().SearchAsync(EventSearchQuery.Create(pageSize: 1), ct)));
        return services;
    }

    /// <summary>
    /// With the data in Cosmos DB (always so in Azure): the timer's pass reads the events feed, and the tickets feed reader
    /// starts from search's checkpoint so no ticket change made while no instance ran is missed.
    /// </summary>
    private static void AddChangeFeedSync(IServiceCollection services, IConfiguration configuration)
    {
        var data = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.InMemory;
        if (data != DataProvider.Cosmos)
        {
            return;
        }

        services.AddSingleton(sp => new TicketFeedStart(ct => sp.GetRequiredService<ChangeFeedCheckpoints>().ReadAsync(SearchChangeFeed.TicketsCheckpoint, ct)));
        services.AddSingleton(sp => new SearchChangeFeed(sp.GetRequiredService<Database>().GetContainer(Containers.Events),
            sp.GetRequiredService<ChangeFeedCheckpoints>(), sp.GetRequiredService<CosmosTicketChangeFeed>(), sp.GetRequiredService<SearchChangeQueue>(),
            sp.GetRequiredService<SearchIndexer>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SearchChangeFeed>>()));
    }
}
