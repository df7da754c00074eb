using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using TicketBooking.Telemetry;

namespace TicketBooking.Local.Durable;

/// <summary>
/// The Durable Task engine of the local host: a gRPC sidecar (<see cref="TaskHubGrpcServer"/>, the same one the
/// Durable Task SDKs talk to) on a loopback port, over either the in-memory orchestration service (embedded mode) or
/// DurableTask.AzureStorage on Azurite (emulated mode, survives a restart). The host's Durable Task worker and client
/// connect to it like to any sidecar. Started before the worker, stopped after it.
/// </summary>
internal sealed class DurableSidecar(DurableOptions options, string address, ILoggerFactory loggerFactory, StorageRequestCounter counter) : IHostedService, IAsyncDisposable
{
    private WebApplication? _server;

    public string Address => address;

    /// <summary>Where the sidecar listens: the configured port, or a free one chosen now.</summary>
    public static string AddressFor(DurableOptions options) => $"http://127.0.0.1:{(options.SidecarPort > 0 ? options.SidecarPort : FreePort())}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var service = await CreateServiceAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "TicketBooking.DurableSidecar" });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, new Uri(Address).Port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton((IOrchestrationServiceClient)service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        _server = builder.Build();
        _server.MapGrpcService<TaskHubGrpcServer>();
        await _server.StartAsync(cancellationToken);
        loggerFactory.CreateLogger<DurableSidecar>().LogInformation("Durable Task sidecar ({Backend}, hub {TaskHub}) on {Address}",
            options.Backend, options.TaskHub, Address);
    }

    private async Task<IOrchestrationService> CreateServiceAsync()
    {
        if (options.Backend == DurableBackend.InMemory)
        {
            return new WideOrchestrationService(new InMemoryOrchestrationService(loggerFactory), options.MaxConcurrentWorkItems);
        }

        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = ClientsFor(options.StorageConnectionString),
            LoggerFactory = loggerFactory,
            PartitionCount = 1,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentWorkItems,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentWorkItems,
            // Locally one process owns the hub: poll the queues often, and take a dead process's lease back quickly.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            LeaseInterval = TimeSpan.FromSeconds(10),
            LeaseRenewInterval = TimeSpan.FromSeconds(3),
            LeaseAcquireInterval = TimeSpan.FromSeconds(2),
            // A message taken by a process that then died comes back after this (default: 5 minutes).
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
        });
        await service.CreateIfNotExistsAsync();
        return service;
    }

    /// <summary>The task hub's Storage clients, counted when storage request counting is on.</summary>
    private StorageAccountClientProvider ClientsFor(string connectionString)
    {
        var (blobs, queues, tables) = (new BlobClientOptions(), new QueueClientOptions(), new TableClientOptions());
        counter.AttachTo(blobs, "blob");
        counter.AttachTo(queues, "queue");
        counter.AttachTo(tables, "table");
        return new StorageAccountClientProvider(StorageServiceClientProvider.ForBlob(connectionString, blobs),
            StorageServiceClientProvider.ForQueue(connectionString, queues), StorageServiceClientProvider.ForTable(connectionString, tables));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
