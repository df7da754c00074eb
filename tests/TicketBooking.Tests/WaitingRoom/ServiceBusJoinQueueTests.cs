using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.ServiceBusBroker;
using TicketBooking.Tests.Support;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>The join queue contract through the real Service Bus client, against the Service Bus test broker.</summary>
public sealed class ServiceBusJoinQueueTests(ServiceBusBrokerFixture broker) : JoinQueueContract, IClassFixture<ServiceBusBrokerFixture>
{
    private BrokerQueue? _last;

    protected override Task<IJoinQueue> CreateQueueAsync(TimeSpan lockDuration)
    {
        var queue = _last = broker.NewQueue(new QueueSettings { LockDuration = lockDuration });
        var options = Options.Create(new JoinQueueOptions { Provider = JoinQueueProvider.ServiceBus, QueueName = queue.Name });
        return Task.FromResult<IJoinQueue>(new ServiceBusJoinQueue(broker.Client, options, TimeProvider.System, NullLogger<ServiceBusJoinQueue>.Instance));
    }

    [Fact]
    public async Task JoinsSentAtTheSameMomentGoOutAsBatchesAndEachArrivesOnce()
    {
        var queue = await NewQueueAsync();
        var joins = Enumerable.Range(0, 1000).Select(i => Join($"user-{i}")).ToList();

        // Every join twice, all at once: a surge, with clients retrying while their first send is in flight.
        await Task.WhenAll(joins.Concat(joins).Select(join => queue.SendAsync(join, CancellationToken.None)));

        var received = await ReceiveAtLeastAsync(queue, joins.Count, batch: 500);
        await queue.CompleteAsync(received, CancellationToken.None);
        received.AddRange(await queue.ReceiveAsync(100, TimeSpan.FromMilliseconds(500), CancellationToken.None));
        Assert.Equal(joins.Select(j => j.QueueId).Order(StringComparer.Ordinal), received.Select(d => d.Join.QueueId).Order(StringComparer.Ordinal));
        // At most a few of the 2,000 sends went alone: the loops took what waited, a batch at a time.
        Assert.InRange(_last!.Transfers, 2000 / ServiceBusJoinQueue.MaxBatch, 2000 / 4);
    }
}
