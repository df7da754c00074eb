using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TicketBooking.Http;

public static class ServerSentEventsServices
{
    /// <summary>The long-lived stream answers (<see cref="ServerSentEvents"/>) and their caps, for any feature that streams.</summary>
    public static IServiceCollection AddServerSentEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerSentEventsOptions>().Bind(configuration.GetSection(ServerSentEventsOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<StreamListeners>();
        services.TryAddSingleton<ServerSentEvents>();
        return services;
    }
}
