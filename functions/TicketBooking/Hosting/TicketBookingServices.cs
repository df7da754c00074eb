using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TicketBooking.Auth;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Configuration;
using TicketBooking.Cosmos;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Live;
using TicketBooking.Payments;
using TicketBooking.RateLimiting;
using TicketBooking.Refunds;
using TicketBooking.Search;
using TicketBooking.Tickets;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Hosting;

/// <summary>Registers the application for either host: one <c>AddXxx</c> per feature area.</summary>
public static class TicketBookingServices
{
    /// <summary>The ready check of the stores.</summary>
    public const string StoresCheck = "stores";

    public static IServiceCollection AddTicketBooking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HealthApi>();
        services.AddAuth(configuration);
        services.AddRateLimits(configuration);
        services.AddServerSentEvents(configuration);
        services.AddData(configuration);
        services.AddCatalog(configuration);
        services.AddPayments(configuration);
        services.AddBooking(configuration);
        services.AddRefunds(configuration);
        services.AddSearch(configuration);
        services.AddWaitingRoom(configuration);
        services.AddLive(configuration);
        services.AddTickets(configuration);
        return services;
    }

    /// <summary>
    /// The stores: in memory (embedded) or Cosmos DB (Azure, or a local Cosmos-protocol server). Ticket writes go to every
    /// registered <see cref="ITicketChangeObserver"/> (<see cref="TicketChangeObservers"/>); with Cosmos, so do other
    /// instances' writes, through the process's one tickets change feed reader.
    /// </summary>
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageRequestOptions>().Bind(configuration.GetSection(StorageRequestOptions.Section));
        services.TryAddSingleton<StorageRequestCounter>();
        services.AddOptions<BoardOptions>().Bind(configuration.GetSection(BoardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AvailabilityBoard>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITicketChangeObserver, AvailabilityBoard>(sp => sp.GetRequiredService<AvailabilityBoard>()));
        services.TryAddSingleton<TicketChangeObservers>();
        var provider = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.InMemory;
        if (provider == DataProvider.InMemory)
        {
            services.AddSingleton<IEventStore, InMemoryEventStore>();
            services.AddSingleton<ITicketInventory>(sp => new InMemoryTicketInventory(sp.GetRequiredService<TicketChangeObservers>(),
                sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IReadinessCheck>(new ReadinessCheck(StoresCheck, _ => Task.CompletedTask));
            return services;
        }

        services.AddOptions<CosmosOptions>().Bind(configuration.GetSection(CosmosOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => CosmosSetup.CreateClient(sp.GetRequiredService<IOptions<CosmosOptions>>().Value,
            sp.GetRequiredService<StorageRequestCounter>()));
        services.AddSingleton(sp => sp.GetRequiredService<CosmosClient>().GetDatabase(sp.GetRequiredService<IOptions<CosmosOptions>>().Value.DatabaseName));
        services.AddSingleton<IEventStore>(sp => new CosmosEventStore(sp.GetRequiredService<Database>().GetContainer(Containers.Events)));
        services.AddSingleton<ITicketInventory>(sp => new CosmosTicketInventory(sp.GetRequiredService<Database>().GetContainer(Containers.Tickets),
            sp.GetRequiredService<TicketChangeObservers>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ChangeFeedCheckpoints(sp.GetRequiredService<Database>().GetContainer(Containers.Leases),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<CosmosInitializer>();
        services.AddSingleton(sp => new CosmosTicketChangeFeed(sp.GetRequiredService<Database>().GetContainer(Containers.Tickets),
            sp.GetRequiredService<TicketChangeObservers>(), sp.GetRequiredService<ILogger<CosmosTicketChangeFeed>>(),
            startFrom: sp.GetService<TicketFeedStart>() is { } start ? start.ReadAsync : null));
        services.AddHostedService(sp => sp.GetRequiredService<CosmosTicketChangeFeed>());
        services.AddSingleton<IReadinessCheck>(sp => new ReadinessCheck(StoresCheck, ct => ReadContainersAsync(sp.GetRequiredService<Database>(), ct)));
        return services;
    }

    /// <summary>Ready when every container of the database can be read (Cosmos); the in-memory stores always are.</summary>
    private static Task ReadContainersAsync(Database database, CancellationToken cancellationToken) =>
        Task.WhenAll(Containers.PartitionKeys.Keys.Select(name => database.GetContainer(name).ReadContainerAsync(cancellationToken: cancellationToken)));

    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrganizerLimits>();
        services.AddSingleton<EventCatalog>();
        services.AddSingleton<CatalogApi>();
        return services;
    }
}
