using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TicketBooking.WaitingRoom;

/// <summary>Registers the join queue that <see cref="JoinQueueOptions.Provider"/> names. Calling it again changes nothing.</summary>
public static class JoinQueueServices
{
    public static IServiceCollection AddJoinQueue(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IJoinQueue)))
        {
            return services;
        }

        services.AddOptions<JoinQueueOptions>().Bind(configuration.GetSection(JoinQueueOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.LockDuration >= TimeSpan.FromMilliseconds(10) && o.LockDuration <= TimeSpan.FromMinutes(5),
                "WaitingRoom:Queue:LockDuration must be between 10 ms and 5 minutes.")
            .Validate(o => o.DuplicateDetectionWindow >= TimeSpan.Zero && o.DuplicateDetectionWindow <= TimeSpan.FromDays(7),
                "WaitingRoom:Queue:DuplicateDetectionWindow must be between 0 and 7 days.")
            .Validate(o => o.Provider != JoinQueueProvider.ServiceBus
                    || !string.IsNullOrWhiteSpace(o.FullyQualifiedNamespace) || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "WaitingRoom:Queue:FullyQualifiedNamespace is required when WaitingRoom:Queue:Provider is ServiceBus.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        var provider = configuration.GetSection(JoinQueueOptions.Section).Get<JoinQueueOptions>()?.Provider ?? JoinQueueProvider.InProcess;
        if (provider == JoinQueueProvider.InProcess)
        {
            services.AddSingleton<IJoinQueue, InProcessJoinQueue>();
            return services;
        }

        services.AddSingleton(sp => CreateClient(sp.GetRequiredService<IOptions<JoinQueueOptions>>().Value));
        services.AddSingleton<IJoinQueue, ServiceBusJoinQueue>();
        return services;
    }

    /// <summary>The process's one Service Bus client: the app's managed identity in Azure, a connection string for the test broker.</summary>
    public static ServiceBusClient CreateClient(JoinQueueOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new ServiceBusClient(options.FullyQualifiedNamespace, new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrEmpty(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
            }))
            : new ServiceBusClient(options.ConnectionString);
}
