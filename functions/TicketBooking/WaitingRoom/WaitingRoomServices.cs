using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TicketBooking.Inventory;
using TicketBooking.Configuration;
using TicketBooking.Cosmos;

namespace TicketBooking.WaitingRoom;

public static class WaitingRoomServices
{
    /// <summary>
    /// The waiting room: its store (in memory, or the Cosmos <c>waitingroom</c> container), the join queue, passes, the
    /// drain, the waiting list of sold-out events (which watches ticket writes for returned seats) and the HTTP handlers. Who runs the drain is the host's choice: a timer function in Azure, a background
    /// loop in the local host.
    /// </summary>
    public static IServiceCollection AddWaitingRoom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WaitingRoomOptions>().Bind(configuration.GetSection(WaitingRoomOptions.Section)).ValidateDataAnnotations()
            .Validate(o => WaitingRoomOptions.KeyProblem(o) is null,
                $"WaitingRoom:PassSigningKey must be set to a base64 key of at least {WaitingRoomOptions.MinKeyBytes} random bytes (a Key Vault reference in Azure).")
            .ValidateOnStart();
        services.AddJoinQueue(configuration);
        var provider = configuration.GetSection(DataOptions.Section).Get<DataOptions>()?.Provider ?? DataProvider.InMemory;
        if (provider == DataProvider.InMemory)
        {
            services.AddSingleton<IWaitingRoomStore, InMemoryWaitingRoomStore>();
        }
        else
        {
            services.AddSingleton<IWaitingRoomStore>(sp => new CosmosWaitingRoomStore(sp.GetRequiredService<Database>().GetContainer(Containers.WaitingRoom)));
        }

        services.AddSingleton<QueuePasses>();
        services.AddSingleton<PrequeueRanking>();
        services.AddSingleton<AdmissionMeter>();
        services.AddSingleton<WaitingRoomDrain>();
        services.AddSingleton<WaitingList>();
        services.AddSingleton<ReturnedSeats>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITicketChangeObserver, ReturnedSeats>(sp => sp.GetRequiredService<ReturnedSeats>()));
        services.AddHostedService<WaitingListWatcher>();
        services.AddSingleton<WaitingRooms>();
        services.AddSingleton<WaitingRoomApi>();
        return services;
    }
}
