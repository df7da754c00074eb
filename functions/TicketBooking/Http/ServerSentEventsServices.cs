using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ThreadPoolFloor>());
        return services;
    }
}
