using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TicketBooking.RateLimiting;

public static class RateLimitServices
{
    /// <summary>The abuse limits (<see cref="RateLimitOptions"/>, section <c>RateLimits</c>), validated at start.</summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RateLimits>();
        return services;
    }
}
