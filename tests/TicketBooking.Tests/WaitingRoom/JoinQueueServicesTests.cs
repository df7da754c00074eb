using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TicketBooking.Tests.Support;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary><c>AddJoinQueue</c> picks the queue the settings name; the emulated run's settings reach the test broker.</summary>
public sealed class JoinQueueServicesTests(ServiceBusBrokerFixture broker) : IClassFixture<ServiceBusBrokerFixture>
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddJoinQueue(configuration);
        services.AddJoinQueue(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public async Task WithoutSettingsTheQueueIsInProcess()
    {
        await using var provider = Build([]);

        Assert.IsType<InProcessJoinQueue>(Assert.Single(provider.GetServices<IJoinQueue>()));
        Assert.Equal("joins", provider.GetRequiredService<IOptions<JoinQueueOptions>>().Value.QueueName);
    }

    [Fact]
    public async Task TheEmulatedRunsSettingsSendThroughTheServiceBusClientToTheBroker()
    {
        var queue = broker.NewQueue();
        await using var provider = Build(new()
        {
            ["WaitingRoom:Queue:Provider"] = "ServiceBus",
            ["WaitingRoom:Queue:QueueName"] = queue.Name,
            ["WaitingRoom:Queue:ConnectionString"] = broker.Broker.ConnectionString,
        });
        var joins = provider.GetRequiredService<IJoinQueue>();

        await joins.SendAsync(new QueueJoin("evt-1", "alice", "evt-1.alice", DateTimeOffset.UtcNow), CancellationToken.None);
        var received = await joins.ReceiveAsync(10, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.IsType<ServiceBusJoinQueue>(joins);
        Assert.Equal("alice", Assert.Single(received).Join.UserId);
        await joins.CompleteAsync(received, CancellationToken.None);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void ServiceBusWithoutANamespaceStopsTheStartNamingTheSetting()
    {
        using var provider = Build(new() { ["WaitingRoom:Queue:Provider"] = "ServiceBus" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JoinQueueOptions>>().Value);

        Assert.Contains("WaitingRoom:Queue:FullyQualifiedNamespace", failure.Message, StringComparison.Ordinal);
    }
}
