using TicketBooking.Catalog;
using TicketBooking.Cosmos;
using TicketBooking.Demo;
using TicketBooking.Tests.Support;
using TicketBooking.WaitingRoom;

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
    public async Task AnEventBeingCreatedIsOpenedOnceAndAgainChangesNothing()
    {
        var store = CreateStore();
        var record = NewEvent() with { Status = EventStatus.Creating };
        await store.CreateAsync(record);

        var opened = await store.ChangeStatusAsync(record.Id, EventStatus.Creating, EventStatus.Scheduled);
        var again = await store.ChangeStatusAsync(record.Id, EventStatus.Creating, EventStatus.Scheduled);
        var read = await store.GetAsync(record.Id);

        Assert.Equal(EventStatus.Scheduled, opened!.Status);
        Assert.Equal(record.Version + 1, opened.Version);
        Assert.Equal(opened.Version, again!.Version);
        Assert.Equal(EventStatus.Scheduled, read!.Status);
        Assert.Equal(opened.Version, read.Version);
    }

    [Fact]
    public async Task AStatusChangeFromAnotherStatusOrOfAMissingEventIsNull()
    {
        var store = CreateStore();
        var record = NewEvent() with { Status = EventStatus.Cancelled };
        await store.CreateAsync(record);

        Assert.Null(await store.ChangeStatusAsync(record.Id, EventStatus.Creating, EventStatus.Scheduled));
        Assert.Null(await store.ChangeStatusAsync("evt-missing-" + Guid.NewGuid().ToString("N")[..6], EventStatus.Creating, EventStatus.Scheduled));
        Assert.Equal(EventStatus.Cancelled, (await store.GetAsync(record.Id))!.Status);
    }

    [Fact]
    public async Task AWaitingRoomIsSetOnlyOnTheVersionLastReadAndReadsBackWhole()
    {
        var store = CreateStore();
        var record = NewEvent();
        await store.CreateAsync(record);
        var at = new DateTimeOffset(2031, 5, 6, 10, 0, 0, TimeSpan.Zero);
        var room = new WaitingRoomSettings(true, at, at.AddHours(1), 500, 10,
            [new AdmissionSegment(at.AddHours(1), 0, 500, 10), new AdmissionSegment(at.AddHours(2), 30_000, 900, 5)]);

        var changed = await store.SetWaitingRoomAsync(record.Id, record.Version, room);
        var stale = await store.SetWaitingRoomAsync(record.Id, record.Version, null);
        var read = await store.GetAsync(record.Id);

        Assert.Equal(record.Version + 1, changed!.Version);
        Assert.Null(stale);
        Assert.Equal(changed.Version, read!.Version);
        Assert.Equal(room with { Changes = null }, read.WaitingRoom! with { Changes = null });
        Assert.Equal(room.Changes, read.WaitingRoom!.Changes);
        Assert.Null(await store.SetWaitingRoomAsync("evt-missing-" + Guid.NewGuid().ToString("N")[..6], 1, room));
    }

    [Fact]
    public async Task AReplaceAppliesOnlyOnTheVersionLastReadAndKeepsTheRefundPolicyAndNewStart()
    {
        var store = CreateStore();
        var record = NewEvent();
        await store.CreateAsync(record);
        var later = record.StartsAt.AddDays(7);
        var policy = new RefundPolicy(RefundPolicyKind.BeforeStart, 48);

        var changed = await store.ReplaceAsync(record with { StartsAt = later, RefundPolicy = policy, Version = record.Version + 1 }, record.Version);
        var stale = await store.ReplaceAsync(record with { Status = EventStatus.Cancelled, Version = record.Version + 1 }, record.Version);
        var read = await store.GetAsync(record.Id);

        Assert.NotNull(changed);
        Assert.Null(stale);
        Assert.Equal(record.Version + 1, read!.Version);
        Assert.Equal(later, read.StartsAt);
        Assert.Equal(policy, read.RefundPolicy);
        Assert.Equal(record.Status, read.Status);
        Assert.Null(await store.ReplaceAsync(NewEvent(), 1));
    }

    [Fact]
    public async Task TheEventsAnOrganizerCreatedSinceATimeAreListed()
    {
        var store = CreateStore();
        var organizer = "org-" + Guid.NewGuid().ToString("N")[..8];
        var dayStart = new DateTimeOffset(2031, 5, 6, 0, 0, 0, TimeSpan.Zero);
        var yesterday = NewEvent() with { CreatedBy = organizer, CreatedAt = dayStart.AddSeconds(-1) };
        var atMidnight = NewEvent() with { CreatedBy = organizer, CreatedAt = dayStart };
        var later = NewEvent() with { CreatedBy = organizer, CreatedAt = dayStart.AddHours(13).AddMilliseconds(250) };
        var someoneElse = NewEvent() with { CreatedBy = organizer + "-other", CreatedAt = dayStart.AddHours(1) };
        foreach (var record in new[] { yesterday, atMidnight, later, someoneElse })
        {
            await store.CreateAsync(record);
        }

        var listed = await store.ListCreatedByAsync(organizer, dayStart);

        Assert.Equal(new[] { atMidnight.Id, later.Id }.Order(), listed.Select(e => e.Id).Order());
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
