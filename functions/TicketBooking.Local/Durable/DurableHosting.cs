using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Options;
using TicketBooking.Hosting;
using TicketBooking.Telemetry;

namespace TicketBooking.Local.Durable;

internal static class DurableHosting
{
    /// <summary>
    /// The local host's Durable Task engine (<see cref="DurableSidecar"/>), and the worker that runs the
    /// application's orchestrations and activities against it and the client the handlers use, exactly as against any sidecar.
    /// </summary>
    public static IServiceCollection AddLocalDurableTask(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DurableOptions.Section).Get<DurableOptions>() ?? new DurableOptions();
        if (options.MaxConcurrentWorkItems < 1 || options.PurgeInterval <= TimeSpan.Zero || string.IsNullOrWhiteSpace(options.TaskHub))
        {
            throw new OptionsValidationException(DurableOptions.Section, typeof(DurableOptions),
                ["Durable:MaxConcurrentWorkItems must be at least 1, Durable:PurgeInterval positive and Durable:TaskHub set."]);
        }

        services.AddSingleton(options);
        services.AddSingleton(sp => new DurableSidecar(options, sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<StorageRequestCounter>()));

        // Hosted services start in the order they are added: the sidecar before the worker that connects to it.
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());
        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(registry => registry.AddTicketBookingTasks());
            builder.UseGrpc();
            builder.Services.AddOptions<GrpcDurableTaskWorkerOptions>(builder.Name)
                .Configure<DurableSidecar>((o, sidecar) => o.CallInvoker = sidecar.CallInvoker);
            builder.Configure(o =>
            {
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = options.MaxConcurrentWorkItems;
                o.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentWorkItems;
            });
        });
        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc();
            builder.Services.AddOptions<GrpcDurableTaskClientOptions>(builder.Name)
                .Configure<DurableSidecar>((o, sidecar) => o.CallInvoker = sidecar.CallInvoker);
        });
        services.AddHostedService<FinishedInstancePurger>();
        return services;
    }
}
