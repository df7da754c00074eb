using System.Collections.Concurrent;
using System.Diagnostics;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>
/// What every <see cref="IJoinQueue"/> does (the in-process queue, and Service Bus through the test broker): duplicate
/// detection, arrival order, peek-lock with redelivery, waiting receives, and no join handed to two receivers at once.
/// </summary>
public abstract class JoinQueueContract : IAsyncLifetime
{
    protected static readonly TimeSpan LongLock = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly List<IJoinQueue> _queues = [];

    /// <summary>A new, empty queue whose locks last <paramref name="lockDuration"/>.</summary>
    protected abstract Task<IJoinQueue> CreateQueueAsync(TimeSpan lockDuration);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            if (queue is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    protected async Task<IJoinQueue> NewQueueAsync(TimeSpan? lockDuration = null)
    {
        var queue = await CreateQueueAsync(lockDuration ?? LongLock);
        _queues.Add(queue);
        return queue;
    }

    protected static QueueJoin Join(string user, string eventId = "evt-1") =>
        new(eventId, user, $"{eventId}.{user}", DateTimeOffset.UtcNow);

    /// <summary>Receives until <paramref name="count"/> joins came or the patience ran out.</summary>
    protected static async Task<List<JoinDelivery>> ReceiveAtLeastAsync(IJoinQueue queue, int count, int batch = 100)
    {
        var received = new List<JoinDelivery>();
        var watch = Stopwatch.StartNew();
        while (received.Count < count && watch.Elapsed < Patience)
        {
            received.AddRange(await queue.ReceiveAsync(batch, TimeSpan.FromSeconds(1), CancellationToken.None));
        }

        return received;
    }

    [Fact]
    public async Task AJoinSentAgainWithTheSameMessageIdIsDropped()
    {
        var queue = await NewQueueAsync();
        var join = Join("alice");

        await queue.SendAsync(join, CancellationToken.None);
        await queue.SendAsync(join with { RequestedAt = join.RequestedAt.AddSeconds(1) }, CancellationToken.None);
        await queue.SendAsync(Join("bob"), CancellationToken.None);

        var received = await ReceiveAtLeastAsync(queue, 2);
        received.AddRange(await queue.ReceiveAsync(10, TimeSpan.FromMilliseconds(500), CancellationToken.None));
        Assert.Equal(["evt-1.alice", "evt-1.bob"], received.Select(d => d.Join.QueueId));
        Assert.Equal(join, received[0].Join);
    }

    [Fact]
    public async Task JoinsAreReceivedInOrderOfArrival()
    {
        var queue = await NewQueueAsync();
        var users = Enumerable.Range(0, 30).Select(i => $"user-{i:D2}").ToList();

        foreach (var user in users)
        {
            await queue.SendAsync(Join(user), CancellationToken.None);
        }

        var received = await ReceiveAtLeastAsync(queue, users.Count, batch: 7);
        Assert.Equal(users, received.Select(d => d.Join.UserId));
        Assert.Equal(received.Select(d => d.SequenceNumber).Order(), received.Select(d => d.SequenceNumber));
        Assert.Equal(received.Count, received.Select(d => d.SequenceNumber).Distinct().Count());
        Assert.All(received, d => Assert.Equal(1, d.DeliveryCount));
    }

    [Fact]
    public async Task ACompletedJoinNeverReturns()
    {
        var queue = await NewQueueAsync(TimeSpan.FromMilliseconds(300));
        await queue.SendAsync(Join("alice"), CancellationToken.None);

        var first = await ReceiveAtLeastAsync(queue, 1);
        await queue.CompleteAsync(first, CancellationToken.None);

        Assert.Single(first);
        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1.5), CancellationToken.None));
    }

    [Fact]
    public async Task AnAbandonedJoinReturnsWithDeliveryCountTwo()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync(Join("alice"), CancellationToken.None);

        var first = Assert.Single(await ReceiveAtLeastAsync(queue, 1));
        await queue.AbandonAsync([first], CancellationToken.None);
        var again = Assert.Single(await ReceiveAtLeastAsync(queue, 1));

        Assert.Equal(first.Join, again.Join);
        Assert.Equal(first.SequenceNumber, again.SequenceNumber);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(2, again.DeliveryCount);
        await queue.CompleteAsync([again], CancellationToken.None);
        Assert.Empty(await queue.ReceiveAsync(10, TimeSpan.FromMilliseconds(300), CancellationToken.None));
    }

    [Fact]
    public async Task AJoinWhoseLockLapsedIsDeliveredAgain()
    {
        var queue = await NewQueueAsync(TimeSpan.FromMilliseconds(500));
        await queue.SendAsync(Join("alice"), CancellationToken.None);

        var first = Assert.Single(await ReceiveAtLeastAsync(queue, 1));
        var again = Assert.Single(await ReceiveAtLeastAsync(queue, 1));

        Assert.Equal(first.Join, again.Join);
        Assert.Equal(2, again.DeliveryCount);
        Assert.NotEqual(first.LockToken, again.LockToken);
    }

    [Fact]
    public async Task CompletingAfterTheLockLapsedLeavesTheJoinToBeDeliveredAgain()
    {
        var queue = await NewQueueAsync(TimeSpan.FromMilliseconds(300));
        await queue.SendAsync(Join("alice"), CancellationToken.None);
        var first = Assert.Single(await ReceiveAtLeastAsync(queue, 1));

        await Task.Delay(TimeSpan.FromMilliseconds(800));
        await queue.CompleteAsync([first], CancellationToken.None);

        var again = Assert.Single(await ReceiveAtLeastAsync(queue, 1));
        Assert.Equal(first.Join, again.Join);
    }

    [Fact]
    public async Task AReceiveWithNothingWaitingReturnsEmptyAfterMaxWait()
    {
        var queue = await NewQueueAsync();

        var watch = Stopwatch.StartNew();
        var received = await queue.ReceiveAsync(10, TimeSpan.FromMilliseconds(400), CancellationToken.None);

        Assert.Empty(received);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task AWaitingReceiveGetsAJoinSentWhileItWaits()
    {
        var queue = await NewQueueAsync();

        var receive = queue.ReceiveAsync(10, TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(200);
        await queue.SendAsync(Join("alice"), CancellationToken.None);
        var finished = await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(15)));

        Assert.Same(receive, finished);
        Assert.Equal("alice", Assert.Single(await receive).Join.UserId);
    }

    [Fact]
    public async Task ConcurrentReceiversNeverGetTheSameJoinAtOnce()
    {
        var queue = await NewQueueAsync();
        const int count = 60;
        for (var i = 0; i < count; i++)
        {
            await queue.SendAsync(Join($"user-{i}"), CancellationToken.None);
        }

        var received = new ConcurrentBag<JoinDelivery>();
        var receivers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var watch = Stopwatch.StartNew();
            while (received.Count < count && watch.Elapsed < Patience)
            {
                foreach (var delivery in await queue.ReceiveAsync(5, TimeSpan.FromMilliseconds(300), CancellationToken.None))
                {
                    received.Add(delivery);
                }
            }
        }));
        await Task.WhenAll(receivers);

        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Select(d => d.Join.QueueId).Distinct().Count());
        Assert.All(received, d => Assert.Equal(1, d.DeliveryCount));
    }

    [Fact]
    public async Task ManyJoinsSentInParallelAllArriveExactlyOnce()
    {
        var queue = await NewQueueAsync();
        var joins = Enumerable.Range(0, 400).Select(i => Join($"user-{i}")).ToList();

        // Every join is sent twice, at the same time: a client retrying while its first send is still in flight.
        await Parallel.ForEachAsync(joins.Concat(joins), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (join, ct) => await queue.SendAsync(join, ct));

        var received = await ReceiveAtLeastAsync(queue, joins.Count, batch: 100);
        await queue.CompleteAsync(received, CancellationToken.None);
        received.AddRange(await queue.ReceiveAsync(100, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        Assert.Equal(joins.Count, received.Count);
        Assert.Equal(joins.Select(j => j.QueueId).Order(StringComparer.Ordinal),
            received.Select(d => d.Join.QueueId).Order(StringComparer.Ordinal));
    }
}
