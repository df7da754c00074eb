using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TicketBooking.Http;

namespace TicketBooking.Live;

public static class LiveServices
{
    /// <summary>The live seat stream: its feeds over the availability board, and its handler.</summary>
    public static IServiceCollection AddLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddServerSentEvents(configuration);
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<LiveFeeds>();
        services.TryAddSingleton<LiveApi>();
        return services;
    }
}
