using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using TicketBooking.Telemetry;

namespace TicketBooking.Local.Durable;

/// <summary>
/// The Durable Task engine of the local host: a gRPC sidecar (<see cref="TaskHubGrpcServer"/>, the same one the
/// Durable Task SDKs talk to) on a loopback port, over either the in-memory orchestration service (embedded mode) or
/// DurableTask.AzureStorage on Azurite (emulated mode, survives a restart). The host's Durable Task worker and client
/// connect to it like to any sidecar, through <see cref="CallInvoker"/>. Started before the worker, stopped after it.
/// It binds its port before anyone is told where it is: the configured <see cref="DurableOptions.SidecarPort"/>, or
/// (0) one the operating system picks at the bind, so no other program can take the port in between.
/// </summary>
internal sealed class DurableSidecar(DurableOptions options, ILoggerFactory loggerFactory, StorageRequestCounter counter) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<CallInvoker> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _server;
    private GrpcChannel? _channel;

    /// <summary>Where the sidecar listens; null until it does.</summary>
    public string? Address { get; private set; }

    /// <summary>Calls to the sidecar, for the worker and the client; a call made before it listens waits for it.</summary>
    public CallInvoker CallInvoker => field ??= new SidecarCallInvoker(_listening.Task);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ListenAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            _listening.TrySetException(ex);
            throw;
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var service = await CreateServiceAsync();

        // The sidecar's host is built on a flow of its own, not in the flow that starts the application's host: what
        // watches that flow for the application's host being built (WebApplicationFactory does, and applies its test
        // settings and in-memory server to whatever host is built there until it stops listening) must never take the
        // sidecar's host for it. Taken, the sidecar would run on that in-memory server, and every call to it would be
        // refused.
        Task<WebApplication> building;
        using (ExecutionContext.SuppressFlow())
        {
            building = Task.Run(() => Build(service), cancellationToken);
        }

        _server = await building;
        await _server.StartAsync(cancellationToken);
        Address = _server.Urls.Single();
        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            LoggerFactory = loggerFactory,
        });
        _listening.TrySetResult(_channel.CreateCallInvoker());
        loggerFactory.CreateLogger<DurableSidecar>().LogInformation("Durable Task sidecar ({Backend}, hub {TaskHub}) on {Address}",
            options.Backend, options.TaskHub, Address);
    }

    private WebApplication Build(IOrchestrationService service)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "TicketBooking.DurableSidecar" });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.SidecarPort, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton((IOrchestrationServiceClient)service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var server = builder.Build();
        server.MapGrpcService<TaskHubGrpcServer>();
        return server;
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
        _listening.TrySetException(new ObjectDisposedException(nameof(DurableSidecar)));
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
