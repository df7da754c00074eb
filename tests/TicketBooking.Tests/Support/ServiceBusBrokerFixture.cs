using Azure.Messaging.ServiceBus;
using TicketBooking.ServiceBusBroker;

namespace TicketBooking.Tests.Support;

/// <summary>The Service Bus test broker on a free loopback port, and one real <see cref="ServiceBusClient"/> connected to it.</summary>
public sealed class ServiceBusBrokerFixture : IAsyncLifetime
{
    private int _queues;

    public ServiceBusTestBroker Broker { get; private set; } = null!;

    public ServiceBusClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Broker = ServiceBusTestBroker.Start();
        Client = new ServiceBusClient(Broker.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { TryTimeout = TimeSpan.FromSeconds(15), MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(100) },
        });
        return Task.CompletedTask;
    }

    /// <summary>A new queue with its own name.</summary>
    public BrokerQueue NewQueue(QueueSettings? settings = null) =>
        Broker.CreateQueue($"queue-{Interlocked.Increment(ref _queues)}", settings);

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        Broker.Dispose();
    }
}
