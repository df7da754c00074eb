using Microsoft.Extensions.Configuration;

namespace TicketBooking.Auth;

public static class AuthServices
{
    /// <summary>Token validation settings, checked at start (<see cref="AuthOptionsValidator"/>), and the <see cref="Authenticator"/>.</summary>
    public static IServiceCollection AddAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<Authenticator>();
        return services;
    }
}
