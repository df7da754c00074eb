using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using TicketBooking.Auth;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Configuration;
using TicketBooking.Cosmos;
using TicketBooking.Inventory;
using TicketBooking.Payments;
using TicketBooking.Search;

namespace TicketBooking.Hosting;

/// <summary>Registers the application for either host: one <c>AddXxx</c> per feature area.</summary>
public static class TicketBookingServices
{
    public static IServiceCollection AddTicketBooking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HealthApi>();
        services.AddAuth(configuration);
        services.AddData(configuration);
        services.AddCatalog(configuration);
        services.AddPayments(configuration);
        services.AddBooking(configuration);
        services.AddSearch(configuration);
        return services;
    }

    /// <summary>The stores: in memory (embedded) or Cosmos DB (Azure, or a local Cosmos-protocol server).</summary>
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BoardOptions>().Bind(configuration.GetSection(BoardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AvailabilityBoard>();
        services.AddSingleton<ITicketChangeObserver>(sp => sp.GetRequiredService<AvailabilityBoard>());
        var provider = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.InMemory;
        if (provider == DataProvider.InMemory)
        {
            services.AddSingleton<IEventStore, InMemoryEventStore>();
            services.AddSingleton<ITicketInventory, InMemoryTicketInventory>();
            return services;
        }

        services.AddOptions<CosmosOptions>().Bind(configuration.GetSection(CosmosOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => CosmosSetup.CreateClient(sp.GetRequiredService<IOptions<CosmosOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<CosmosClient>().GetDatabase(sp.GetRequiredService<IOptions<CosmosOptions>>().Value.DatabaseName));
        services.AddSingleton<IEventStore>(sp => new CosmosEventStore(sp.GetRequiredService<Database>().GetContainer(Containers.Events)));
        services.AddSingleton<ITicketInventory>(sp => new CosmosTicketInventory(sp.GetRequiredService<Database>().GetContainer(Containers.Tickets),
            sp.GetRequiredService<ITicketChangeObserver>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<CosmosInitializer>();
        services.AddHostedService(sp => new CosmosTicketChangeFeed(sp.GetRequiredService<Database>().GetContainer(Containers.Tickets),
            sp.GetRequiredService<AvailabilityBoard>(), sp.GetRequiredService<ILogger<CosmosTicketChangeFeed>>()));
        return services;
    }

    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrganizerLimits>();
        services.AddSingleton<EventCatalog>();
        services.AddSingleton<CatalogApi>();
        return services;
    }
}
