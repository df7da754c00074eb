using TicketBooking.Catalog;
using TicketBooking.Cosmos;
using TicketBooking.Demo;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Catalog;

/// <summary>What every event store must do: in memory, and on the Cosmos-protocol server.</summary>
public abstract class EventStoreContract
{
    protected abstract IEventStore CreateStore();

    private static EventRecord NewEvent() =>
        DemoCatalog.Generate(1, DateTimeOffset.UtcNow, seed: Random.Shared.Next(), includeStadium: false).Single() with
        {
            Id = "evt-" + Guid.NewGuid().ToString("N")[..12],
        };

    [Fact]
    public async Task AStoredEventReadsBackWhole()
    {
        var store = CreateStore();
        var record = NewEvent();

        Assert.True(await store.CreateAsync(record));
        var read = await store.GetAsync(record.Id);

        Assert.NotNull(read);
        Assert.Equal(record.Name, read.Name);
        Assert.Equal(record.Performers, read.Performers);
        Assert.Equal(record.Venue, read.Venue);
        Assert.Equal(record.StartsAt, read.StartsAt);
        Assert.Equal(record.Sections, read.Sections);
    }

    [Fact]
    public async Task ASecondEventWithTheSameIdIsRefused()
    {
        var store = CreateStore();
        var record = NewEvent();
        await store.CreateAsync(record);

        Assert.False(await store.CreateAsync(record with { Name = "Other" }));
        Assert.Equal(record.Name, (await store.GetAsync(record.Id))!.Name);
    }

    [Fact]
    public async Task AMissingEventIsNull()
    {
        Assert.Null(await CreateStore().GetAsync("evt-missing-" + Guid.NewGuid().ToString("N")[..6]));
    }

    [Fact]
    public async Task EveryEventIsListed()
    {
        var store = CreateStore();
        var records = Enumerable.Range(0, 3).Select(_ => NewEvent()).ToArray();
        foreach (var record in records)
        {
            await store.CreateAsync(record);
        }

        var listed = new List<string>();
        await foreach (var record in store.ListAsync())
        {
            listed.Add(record.Id);
        }

        Assert.Subset(listed.ToHashSet(), records.Select(r => r.Id).ToHashSet());
    }
}

public sealed class InMemoryEventStoreTests : EventStoreContract
{
    protected override IEventStore CreateStore() => new InMemoryEventStore();
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosEventStoreTests(CosmosServerFixture cosmos) : EventStoreContract
{
    protected override IEventStore CreateStore() => new CosmosEventStore(cosmos.Database.GetContainer(Containers.Events));
}
