using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using TicketBooking.Configuration;
using TicketBooking.Cosmos;

namespace TicketBooking.Booking;

public static class BookingServices
{
    /// <summary>
    /// Reservations, bookings and their HTTP handlers and orchestration steps, and the expiry of holds that lapse (a
    /// hosted service in both hosts). The Durable Task client and worker are the host's: the Functions app's extension
    /// in Azure, the local host's sidecar elsewhere.
    /// </summary>
    public static IServiceCollection AddBooking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BookingOptions>().Bind(configuration.GetSection(BookingOptions.Section)).ValidateDataAnnotations()
            .Validate(BookingOptions.IsValid, "Booking:HoldDuration and Booking:PaymentGrace must be between 100 ms and 1 hour.")
            .ValidateOnStart();
        var provider = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.InMemory;
        if (provider == DataProvider.InMemory)
        {
            services.AddSingleton<IReservationStore, InMemoryReservationStore>();
            services.AddSingleton<IBookingStore, InMemoryBookingStore>();
        }
        else
        {
            services.AddSingleton<IReservationStore>(sp => new CosmosReservationStore(sp.GetRequiredService<Database>().GetContainer(Containers.Reservations)));
            services.AddSingleton<IBookingStore>(sp => new CosmosBookingStore(sp.GetRequiredService<Database>().GetContainer(Containers.Bookings)));
        }

        services.AddSingleton<StoredReservations>();
        services.AddSingleton<ReserveSeats>();
        services.AddSingleton<ConfirmReservation>();
        services.AddSingleton<CancelOrExpire>();
        services.AddSingleton<SettlePayment>();
        services.AddSingleton<BookingApi>();
        services.AddSingleton<HoldExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<HoldExpiry>());
        return services;
    }
}
