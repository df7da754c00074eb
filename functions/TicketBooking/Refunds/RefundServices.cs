using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using TicketBooking.Configuration;
using TicketBooking.Cosmos;

namespace TicketBooking.Refunds;

public static class RefundServices
{
    /// <summary>Refunds, cancelled events and the booking index they read. The Durable Task client and worker are the host's.</summary>
    public static IServiceCollection AddRefunds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RefundOptions>().Bind(configuration.GetSection(RefundOptions.Section)).ValidateDataAnnotations()
            .Validate(RefundOptions.IsValid, "Refunds:RetryDelay and Refunds:AnswerWithin must be between 0 and 1 minute.")
            .ValidateOnStart();
        var provider = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.InMemory;
        if (provider == DataProvider.InMemory)
        {
            services.AddSingleton<IEventBookingIndex, InMemoryEventBookingIndex>();
        }
        else
        {
            services.AddSingleton<IEventBookingIndex>(sp => new CosmosEventBookingIndex(sp.GetRequiredService<Database>().GetContainer(Containers.EventBookings)));
        }

        services.AddSingleton<EventBookingGate>();
        services.AddSingleton<RefundBookings>();
        services.AddSingleton<RefundsApi>();
        return services;
    }
}
