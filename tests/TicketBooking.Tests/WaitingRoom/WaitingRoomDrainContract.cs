using TicketBooking.Cosmos;
using TicketBooking.Tests.Support;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>The drain and the on-sale ranking over each waiting room store: in memory, and on the Cosmos-protocol server.</summary>
public abstract class WaitingRoomDrainContract
{
    protected abstract IWaitingRoomStore CreateStore();

    /// <summary>How many people the larger scenarios use (the Cosmos-protocol server is slower than memory).</summary>
    protected virtual int Crowd => 300;

    private async Task<IReadOnlyDictionary<string, QueueEntry>> EntriesAsync(WaitingRoomWorld world, string eventId, IEnumerable<string> users)
    {
        var found = new Dictionary<string, QueueEntry>();
        foreach (var user in users)
        {
            if (await world.Store.GetEntryAsync(eventId, QueueIds.For(eventId, user), CancellationToken.None) is { } entry)
            {
                found[user] = entry;
            }
        }

        return found;
    }

    [Fact]
    public async Task AfterTheOnSalePositionsFollowTheOrderOfArrivalStrictly()
    {
        var world = new WaitingRoomWorld(CreateStore());
        var eventId = await world.AddEventAsync();
        var users = Enumerable.Range(0, Crowd).Select(WaitingRoomWorld.User).OrderBy(_ => Random.Shared.Next()).ToArray();
        await world.JoinAsync(eventId, users);

        await world.DrainAsync();

        var entries = await EntriesAsync(world, eventId, users);
        Assert.Equal(users.Select((_, i) => (long?)i + 1), users.Select(u => entries[u].Position));
    }

    [Fact]
    public async Task ThePrequeueIsRankedAtRandomAtTheOnSaleAndLaterJoinsComeAfterIt()
    {
        var world = new WaitingRoomWorld(CreateStore());
        var eventId = await world.AddEventAsync(onSaleIn: TimeSpan.FromMinutes(5));
        var early = Enumerable.Range(0, 45).Select(WaitingRoomWorld.User).ToArray();
        await world.JoinAsync(eventId, early);
        await world.DrainAsync();
        var waiting = await world.EntryAsync(eventId, early[0]);
        Assert.Equal(QueueStatus.Prequeue, waiting.Status);
        Assert.Null(waiting.Position);
        Assert.Equal(45, (await world.Rooms.GetStateAsync(eventId, CancellationToken.None)).Waiting);

        world.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(world.Settings.RankingDelaySeconds));
        await world.JoinAsync(eventId, ["late-1", "late-2"]);
        await world.DrainAsync();

        var entries = await EntriesAsync(world, eventId, early);
        var positions = early.Select(u => entries[u].Position!.Value).ToArray();
        Assert.Equal(Enumerable.Range(1, 45).Select(p => (long)p), positions.Order());
        Assert.NotEqual(positions.Order(), positions);
        Assert.Equal(46, (await world.EntryAsync(eventId, "late-1")).Position);
        Assert.Equal(47, (await world.EntryAsync(eventId, "late-2")).Position);
    }

    [Fact]
    public async Task ARankingInterruptedByACrashResumesWithTheSameOrder()
    {
        var failing = new FailingWaitingRoomStore(CreateStore());
        var world = new WaitingRoomWorld(failing);
        var eventId = await world.AddEventAsync(onSaleIn: TimeSpan.FromMinutes(1));
        var early = Enumerable.Range(0, 35).Select(WaitingRoomWorld.User).ToArray();
        await world.JoinAsync(eventId, early);
        await world.DrainAsync();
        world.Time.Advance(TimeSpan.FromMinutes(2));

        // The order is written and the first chunk of ten ranked, then the store fails on the second.
        failing.SkipEntryWrites = 1;
        failing.FailEntryWrites = 1;
        await Assert.ThrowsAsync<IOException>(() => world.NewRanking().EnsureRankedAsync(eventId, CancellationToken.None));
        var interrupted = (await world.Store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value;
        Assert.Equal(RankingPhase.Ranking, interrupted.Phase);
        Assert.Equal(1, interrupted.RankedChunks);

        var ranked = await world.NewRanking().EnsureRankedAsync(eventId, CancellationToken.None);

        var expected = PrequeueShuffle.Order(early.Select(u => QueueIds.For(eventId, u)), ranked.Value.Seed);
        var entries = await EntriesAsync(world, eventId, early);
        Assert.Equal(RankingPhase.Ranked, ranked.Value.Phase);
        Assert.Equal(35, ranked.Value.Ordered);
        Assert.All(entries.Values, e => Assert.Equal(expected.ToList().IndexOf(e.QueueId) + 1, e.Position));
    }

    [Fact]
    public async Task AJoinSentAgainAfterALostAnswerKeepsItsOnePlace()
    {
        var world = new WaitingRoomWorld(CreateStore());
        var eventId = await world.AddEventAsync();
        await world.JoinAsync(eventId, ["alice", "bob"]);
        // The answer to alice's join was lost: she sends it again, before and after the drain.
        await world.Rooms.JoinAsync("alice", eventId, CancellationToken.None);
        await world.DrainAsync();
        var again = await world.Rooms.JoinAsync("alice", eventId, CancellationToken.None);
        await world.DrainAsync();

        Assert.Equal(1, again.Position);
        Assert.Equal(2, (await world.EntryAsync(eventId, "bob")).Position);
        Assert.Equal(2, (await world.Store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value.Ordered);
    }

    [Fact]
    public async Task AJoinDeliveredTwiceIsWrittenOnce()
    {
        var world = new WaitingRoomWorld(CreateStore());
        var eventId = await world.AddEventAsync();
        var join = new QueueJoin(eventId, "alice", QueueIds.For(eventId, "alice"), world.Time.GetUtcNow());
        var drain = world.NewDrain();
        await drain.WriteBatchAsync([new JoinDelivery(join, "lock-1", 1, world.Time.GetUtcNow(), 1)], CancellationToken.None);

        await drain.WriteBatchAsync([new JoinDelivery(join, "lock-2", 1, world.Time.GetUtcNow(), 2)], CancellationToken.None);

        Assert.Equal(1, (await world.EntryAsync(eventId, "alice")).Position);
        Assert.Equal(1, (await world.Store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value.Ordered);
    }

    [Fact]
    public async Task ACrashBetweenReceiveAndWriteLosesNoJoin()
    {
        var failing = new FailingWaitingRoomStore(CreateStore()) { FailEntryWrites = 1 };
        var world = new WaitingRoomWorld(failing);
        var eventId = await world.AddEventAsync();
        var users = Enumerable.Range(0, 20).Select(WaitingRoomWorld.User).ToArray();
        await world.JoinAsync(eventId, users);

        // The first batch is received, its write fails, and it is abandoned; the queue delivers it again.
        await world.DrainAsync();

        var entries = await EntriesAsync(world, eventId, users);
        Assert.Equal(20, entries.Count);
        Assert.Equal(20, entries.Values.Select(e => e.Position).Distinct().Count());
    }

    [Fact]
    public async Task TwoDrainsAtOnceNeverGiveTwoPeopleTheSamePosition()
    {
        var world = new WaitingRoomWorld(CreateStore());
        world.Settings.DrainBatchSize = 7;
        var eventId = await world.AddEventAsync();
        var users = Enumerable.Range(0, Crowd).Select(WaitingRoomWorld.User).ToArray();
        await world.JoinAsync(eventId, users);

        await Task.WhenAll(Task.Run(() => world.DrainAsync(world.NewDrain())), Task.Run(() => world.DrainAsync(world.NewDrain())));
        await world.DrainAsync();

        var positions = (await EntriesAsync(world, eventId, users)).Values.Select(e => e.Position!.Value).ToArray();
        Assert.Equal(users.Length, positions.Length);
        Assert.Equal(positions.Length, positions.Distinct().Count());
        Assert.Equal(users.Length, (await world.Store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value.Ordered);
    }
}

public sealed class InMemoryWaitingRoomDrainTests : WaitingRoomDrainContract
{
    protected override IWaitingRoomStore CreateStore() => new InMemoryWaitingRoomStore();

    protected override int Crowd => 2000;
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosWaitingRoomDrainTests(CosmosServerFixture cosmos) : WaitingRoomDrainContract
{
    protected override IWaitingRoomStore CreateStore() => new CosmosWaitingRoomStore(cosmos.Database.GetContainer(Containers.WaitingRoom));
}
