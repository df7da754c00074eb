using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;
using TicketBooking.ServiceBusBroker;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.ServiceBusBroker;

/// <summary>The Service Bus test broker, driven by the real Azure.Messaging.ServiceBus client.</summary>
public sealed class ServiceBusTestBrokerTests(ServiceBusBrokerFixture fixture) : IClassFixture<ServiceBusBrokerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private ServiceBusClient Client => fixture.Client;

    private static ServiceBusMessage Message(string body, string? messageId = null) => new(BinaryData.FromString(body)) { MessageId = messageId ?? Guid.NewGuid().ToString() };

    private static async Task<List<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var received = new List<ServiceBusReceivedMessage>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(count - received.Count, TimeSpan.FromSeconds(1)));
        }

        return received;
    }

    [Fact]
    public async Task ASentMessageIsReceivedWithItsPropertiesAndALock()
    {
        var queue = fixture.NewQueue();
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);
        var sent = new ServiceBusMessage(BinaryData.FromString("hello")) { MessageId = "m-1", ContentType = "text/plain", Subject = "greeting" };
        sent.ApplicationProperties["eventId"] = "evt-1";

        await sender.SendMessageAsync(sent);
        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.NotNull(received);
        Assert.Equal("hello", received.Body.ToString());
        Assert.Equal("m-1", received.MessageId);
        Assert.Equal("text/plain", received.ContentType);
        Assert.Equal("greeting", received.Subject);
        Assert.Equal("evt-1", received.ApplicationProperties["eventId"]);
        Assert.Equal(1, received.DeliveryCount);
        Assert.True(received.SequenceNumber > 0);
        Assert.True(Guid.TryParse(received.LockToken, out var token) && token != Guid.Empty);
        Assert.True(received.LockedUntil > DateTimeOffset.UtcNow);
        Assert.InRange(received.EnqueuedTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task ABatchArrivesAsSeparateMessagesInOrder()
    {
        var queue = fixture.NewQueue();
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);
        using var batch = await sender.CreateMessageBatchAsync();
        for (var i = 0; i < 25; i++)
        {
            Assert.True(batch.TryAddMessage(Message($"m{i}")));
        }

        await sender.SendMessagesAsync(batch);
        var received = await ReceiveAsync(receiver, 25);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"m{i}"), received.Select(m => m.Body.ToString()));
        Assert.Equal(received.Select(m => m.SequenceNumber).Order(), received.Select(m => m.SequenceNumber));
        Assert.Equal(25, queue.Count);
    }

    [Fact]
    public async Task ACompletedMessageLeavesTheQueue()
    {
        var queue = fixture.NewQueue();
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);
        await sender.SendMessageAsync(Message("a"));

        var received = await receiver.ReceiveMessageAsync(Wait);
        await receiver.CompleteMessageAsync(received);

        Assert.Equal(0, queue.Count);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task AnAbandonedMessageComesBackWithTheNextDeliveryCount()
    {
        var queue = fixture.NewQueue();
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);
        await sender.SendMessageAsync(Message("a"));

        var first = await receiver.ReceiveMessageAsync(Wait);
        await receiver.AbandonMessageAsync(first);
        var second = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.Equal(2, second.DeliveryCount);
        Assert.NotEqual(first.LockToken, second.LockToken);
    }

    [Fact]
    public async Task AMessageWhoseLockLapsedIsDeliveredAgainAndTheOldLockCannotComplete()
    {
        // The broker's own clock, moved by hand: the lock lapses exactly when the test says, however loaded the machine.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var broker = ServiceBusTestBroker.Start(time: time);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        var queue = broker.CreateQueue("lapsing", new QueueSettings { LockDuration = TimeSpan.FromMinutes(1) });
        await using var sender = client.CreateSender(queue.Name);
        await using var receiver = client.CreateReceiver(queue.Name);
        await sender.SendMessageAsync(Message("a"));

        var first = await receiver.ReceiveMessageAsync(Wait);
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await receiver.ReceiveMessageAsync(Wait);
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first));

        Assert.NotNull(second);
        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        await receiver.CompleteMessageAsync(second);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ALockCanBeRenewed()
    {
        var queue = fixture.NewQueue(new QueueSettings { LockDuration = TimeSpan.FromSeconds(2) });
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);
        await sender.SendMessageAsync(Message("a"));
        var received = await receiver.ReceiveMessageAsync(Wait);
        var before = received.LockedUntil;

        await Task.Delay(200);
        await receiver.RenewMessageLockAsync(received);

        Assert.True(received.LockedUntil > before);
    }

    [Fact]
    public async Task AMessageSentAgainWithTheSameMessageIdWithinTheWindowIsDropped()
    {
        var queue = fixture.NewQueue(new QueueSettings { DuplicateDetectionWindow = TimeSpan.FromMinutes(1) });
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);

        await sender.SendMessageAsync(Message("first", "same-id"));
        await sender.SendMessageAsync(Message("second", "same-id"));
        await sender.SendMessagesAsync([Message("third", "same-id"), Message("other", "other-id")]);

        var received = await ReceiveAsync(receiver, 2);
        Assert.Equal(["first", "other"], received.Select(m => m.Body.ToString()));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task AMessageIsDeadLetteredAfterTheMaximumDeliveryCount()
    {
        var queue = fixture.NewQueue(new QueueSettings { MaxDeliveryCount = 3 });
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);
        await using var deadLetters = Client.CreateReceiver(queue.Name, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(Message("poison", "poison-1"));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var received = await receiver.ReceiveMessageAsync(Wait);
            Assert.Equal(attempt, received.DeliveryCount);
            await receiver.AbandonMessageAsync(received);
        }

        var dead = await deadLetters.ReceiveMessageAsync(Wait);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal("poison-1", dead.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        await deadLetters.CompleteMessageAsync(dead);
    }

    [Fact]
    public async Task AMessageDeadLetteredByTheReceiverCarriesItsReason()
    {
        var queue = fixture.NewQueue();
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);
        await using var deadLetters = Client.CreateReceiver(queue.Name, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(Message("bad"));

        await receiver.DeadLetterMessageAsync(await receiver.ReceiveMessageAsync(Wait), "Unreadable", "Not a join.");
        var dead = await deadLetters.ReceiveMessageAsync(Wait);

        Assert.Equal("bad", dead.Body.ToString());
        Assert.Equal("Unreadable", dead.DeadLetterReason);
        Assert.Equal("Not a join.", dead.DeadLetterErrorDescription);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task APeekShowsMessagesWithoutLockingThem()
    {
        var queue = fixture.NewQueue();
        await using var sender = Client.CreateSender(queue.Name);
        await using var receiver = Client.CreateReceiver(queue.Name);
        await sender.SendMessagesAsync([Message("a"), Message("b")]);

        var peeked = await receiver.PeekMessagesAsync(10);
        var received = await ReceiveAsync(receiver, 2);

        Assert.Equal(["a", "b"], peeked.Select(m => m.Body.ToString()));
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task ASendToAQueueThatDoesNotExistFailsAsNotFound()
    {
        await using var sender = Client.CreateSender("no-such-queue");

        var failure = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(Message("a")));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, failure.Reason);
    }
}
