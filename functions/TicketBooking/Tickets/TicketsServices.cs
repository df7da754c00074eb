using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using TicketBooking.CheckIn;
using TicketBooking.Configuration;
using TicketBooking.Cosmos;

namespace TicketBooking.Tickets;

public static class TicketsServices
{
    /// <summary>
    /// Tickets and the door: the signing key (validated at start), the codes, the owner's ticket list and QR codes, the
    /// check-in store (in memory, or the Cosmos <c>checkins</c> container) and the check-in handlers.
    /// </summary>
    public static IServiceCollection AddTickets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TicketsOptions>().Bind(configuration.GetSection(TicketsOptions.Section)).ValidateDataAnnotations()
            .Validate(o => TicketsOptions.KeyProblem(o) is null,
                $"Tickets:SigningKey must be set to a base64 key of at least {TicketsOptions.MinKeyBytes} random bytes (a Key Vault reference in Azure).")
            .ValidateOnStart();
        var provider = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.InMemory;
        if (provider == DataProvider.InMemory)
        {
            services.AddSingleton<ICheckInStore, InMemoryCheckInStore>();
        }
        else
        {
            services.AddSingleton<ICheckInStore>(sp => new CosmosCheckInStore(sp.GetRequiredService<Database>().GetContainer(Containers.CheckIns)));
        }

        services.AddSingleton<TicketCodes>();
        services.AddSingleton<BookingTickets>();
        services.AddSingleton<TicketsApi>();
        services.AddSingleton<CheckInDesk>();
        services.AddSingleton<CheckInApi>();
        return services;
    }
}
