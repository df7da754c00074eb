using TicketBooking.Cosmos;
using TicketBooking.Tests.Support;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>What every waiting room store must do: in memory, and on the Cosmos-protocol server.</summary>
public abstract class WaitingRoomStoreContract
{
    protected abstract IWaitingRoomStore CreateStore();

    private static readonly DateTimeOffset At = new(2027, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static string NewEventId() => "evt-" + Guid.NewGuid().ToString("N")[..12];

    private static QueueEntry Entry(string eventId, string user, long? position = null) =>
        new(QueueIds.For(eventId, user), eventId, user, position is null ? QueueEntryStatus.Prequeue : QueueEntryStatus.Ordered, At, position,
            position is null ? null : At);

    [Fact]
    public async Task AnEntryIsAddedOnceAndAnExistingOneIsKept()
    {
        var store = CreateStore();
        var eventId = NewEventId();

        var first = await store.AddEntriesAsync(eventId, [Entry(eventId, "alice", 1), Entry(eventId, "bob", 2)], CancellationToken.None);
        var second = await store.AddEntriesAsync(eventId, [Entry(eventId, "alice", 7), Entry(eventId, "carol", 3)], CancellationToken.None);

        Assert.Equal(2, first.Count);
        Assert.Equal([QueueIds.For(eventId, "carol")], second);
        Assert.Equal(1, (await store.GetEntryAsync(eventId, QueueIds.For(eventId, "alice"), CancellationToken.None))!.Position);
        Assert.Null(await store.GetEntryAsync(eventId, QueueIds.For(eventId, "dave"), CancellationToken.None));
    }

    [Fact]
    public async Task AnEntryIsReplacedOnlyFromTheVersionLastRead()
    {
        var store = CreateStore();
        var eventId = NewEventId();
        var entry = Entry(eventId, "alice");
        await store.AddEntriesAsync(eventId, [entry], CancellationToken.None);
        var read = (await store.GetEntriesAsync(eventId, [entry.QueueId], CancellationToken.None))[entry.QueueId];

        Assert.True(await store.ReplaceEntryAsync(entry with { Status = QueueEntryStatus.Ordered, Position = 5 }, read.ETag, CancellationToken.None));
        Assert.False(await store.ReplaceEntryAsync(entry with { Status = QueueEntryStatus.Ordered, Position = 9 }, read.ETag, CancellationToken.None));
        Assert.Equal(5, (await store.GetEntryAsync(eventId, entry.QueueId, CancellationToken.None))!.Position);
    }

    [Fact]
    public async Task ThePrequeueListsOnlyUnrankedEntriesOfTheEvent()
    {
        var store = CreateStore();
        var eventId = NewEventId();
        var other = NewEventId();
        var users = Enumerable.Range(0, 40).Select(i => $"user-{i}").ToArray();
        await store.AddEntriesAsync(eventId, users.Select(u => Entry(eventId, u)).ToArray(), CancellationToken.None);
        await store.AddEntriesAsync(other, [Entry(other, "zoe")], CancellationToken.None);
        await store.SaveEntriesAsync(eventId, [Entry(eventId, users[0], 1)], CancellationToken.None);

        var listed = await store.ListPrequeueAsync(eventId, CancellationToken.None);

        Assert.Equal(users.Skip(1).Select(u => QueueIds.For(eventId, u)).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ProgressIsCreatedOnceAndReplacedOnlyFromTheVersionLastRead()
    {
        var store = CreateStore();
        var eventId = NewEventId();

        var created = await store.SaveProgressAsync(new RoomProgress(eventId), null, CancellationToken.None);
        var again = await store.SaveProgressAsync(new RoomProgress(eventId, Ordered: 9), null, CancellationToken.None);
        var replaced = await store.SaveProgressAsync(new RoomProgress(eventId, Ordered: 10), created, CancellationToken.None);
        var stale = await store.SaveProgressAsync(new RoomProgress(eventId, Ordered: 20), created, CancellationToken.None);

        Assert.NotNull(created);
        Assert.Null(again);
        Assert.NotNull(replaced);
        Assert.Null(stale);
        var read = await store.GetProgressAsync(eventId, CancellationToken.None);
        Assert.Equal(10, read!.Value.Value.Ordered);
        Assert.Equal(replaced, read.Value.ETag);
    }

    [Fact]
    public async Task OnlyUnrankedEventsAreListedForRanking()
    {
        var store = CreateStore();
        var collecting = NewEventId();
        var ranked = NewEventId();
        await store.SaveProgressAsync(new RoomProgress(collecting, Prequeued: 3), null, CancellationToken.None);
        await store.SaveProgressAsync(new RoomProgress(ranked, RankingPhase.Ranked, Ordered: 3), null, CancellationToken.None);

        var listed = (await store.ListUnrankedAsync(CancellationToken.None)).Select(p => p.EventId).ToArray();

        Assert.Contains(collecting, listed);
        Assert.DoesNotContain(ranked, listed);
    }

    [Fact]
    public async Task ARankingChunkReadsBackAsWritten()
    {
        var store = CreateStore();
        var eventId = NewEventId();

        await store.SaveRankingChunkAsync(eventId, 1, new RankingChunk(11, ["q-b", "q-a"]), CancellationToken.None);
        await store.SaveRankingChunkAsync(eventId, 1, new RankingChunk(11, ["q-c", "q-a"]), CancellationToken.None);
        var chunk = await store.GetRankingChunkAsync(eventId, 1, CancellationToken.None);

        Assert.Equal(11, chunk!.FirstPosition);
        Assert.Equal(["q-c", "q-a"], chunk.QueueIds);
        Assert.Null(await store.GetRankingChunkAsync(eventId, 2, CancellationToken.None));
    }
}

public sealed class InMemoryWaitingRoomStoreTests : WaitingRoomStoreContract
{
    protected override IWaitingRoomStore CreateStore() => new InMemoryWaitingRoomStore();
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosWaitingRoomStoreTests(CosmosServerFixture cosmos) : WaitingRoomStoreContract
{
    protected override IWaitingRoomStore CreateStore() => new CosmosWaitingRoomStore(cosmos.Database.GetContainer(Containers.WaitingRoom));

    [Fact]
    public void AnEventsEntriesSpreadOverManyLogicalPartitions()
    {
        var partitions = Enumerable.Range(0, 1000).Select(i => CosmosWaitingRoomStore.PartitionOf("evt-1", QueueIds.For("evt-1", $"user-{i}"))).ToHashSet();

        Assert.Equal(CosmosWaitingRoomStore.EntryBuckets, partitions.Count);
    }
}
