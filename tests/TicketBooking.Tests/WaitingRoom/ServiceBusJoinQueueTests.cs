using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.ServiceBusBroker;
using TicketBooking.Tests.Support;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>The join queue contract through the real Service Bus client, against the Service Bus test broker.</summary>
public sealed class ServiceBusJoinQueueTests(ServiceBusBrokerFixture broker) : JoinQueueContract, IClassFixture<ServiceBusBrokerFixture>
{
    protected override Task<IJoinQueue> CreateQueueAsync(TimeSpan lockDuration)
    {
        var queue = broker.NewQueue(new QueueSettings { LockDuration = lockDuration });
        var options = Options.Create(new JoinQueueOptions { Provider = JoinQueueProvider.ServiceBus, QueueName = queue.Name });
        return Task.FromResult<IJoinQueue>(new ServiceBusJoinQueue(broker.Client, options, TimeProvider.System, NullLogger<ServiceBusJoinQueue>.Instance));
    }
}
