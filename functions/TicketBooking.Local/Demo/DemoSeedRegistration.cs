using Microsoft.Extensions.Options;
using TicketBooking.Catalog;
using TicketBooking.Demo;

namespace TicketBooking.Local.Demo;

internal static class DemoSeedRegistration
{
    public static IServiceCollection AddDemoCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection(SeedOptions.Section));
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}
