using TicketBooking.CheckIn;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Tickets;

/// <summary>
/// What every check-in store must do, run against each implementation (in memory; Cosmos on the Cosmos-protocol server).
/// Each test uses its own event, so the suites share nothing.
/// </summary>
public abstract class CheckInStoreContract
{
    protected abstract ICheckInStore CreateStore();

    private static string NewEvent() => "evt-" + Guid.NewGuid().ToString("N")[..12];

    private static CheckInRecord Scan(string eventId, string ticketId, string gate) =>
        new(eventId, ticketId, "bkg-1", "user-1", gate, DateTimeOffset.UtcNow, "staff-" + gate);

    [Fact]
    public async Task TheFirstScanAdmitsAndASecondFindsTheFirst()
    {
        var store = CreateStore();
        var eventId = NewEvent();
        var first = Scan(eventId, "A-1-1", "north");

        var admitted = await store.TryAdmitAsync(first);
        var again = await store.TryAdmitAsync(Scan(eventId, "A-1-1", "south"));

        Assert.True(admitted.Admitted);
        Assert.False(again.Admitted);
        Assert.Equal("north", again.First.Gate);
        Assert.Equal(first.CheckedInAt, again.First.CheckedInAt);
        Assert.Equal(first, await store.GetAsync(eventId, "A-1-1"));
    }

    [Fact]
    public async Task SeatsAndEventsAreAdmittedIndependently()
    {
        var store = CreateStore();
        var eventId = NewEvent();
        var otherEvent = NewEvent();

        Assert.True((await store.TryAdmitAsync(Scan(eventId, "A-1-1", "g"))).Admitted);
        Assert.True((await store.TryAdmitAsync(Scan(eventId, "A-1-2", "g"))).Admitted);
        Assert.True((await store.TryAdmitAsync(Scan(otherEvent, "A-1-1", "g"))).Admitted);
        Assert.Null(await store.GetAsync(eventId, "A-1-3"));
    }

    [Fact]
    public async Task OfConcurrentScansOfOneTicketExactlyOneAdmitsEveryRound()
    {
        var store = CreateStore();
        var eventId = NewEvent();

        for (var round = 0; round < 40; round++)
        {
            var ticketId = $"A-{round}-1";
            var gates = round % 4 == 0 ? 8 : 2;
            var results = await Task.WhenAll(Enumerable.Range(0, gates).Select(g => Task.Run(() => store.TryAdmitAsync(Scan(eventId, ticketId, $"gate-{g}")))));

            var winner = Assert.Single(results, r => r.Admitted);
            Assert.All(results, r => Assert.Equal(winner.First.Gate, r.First.Gate));
        }
    }

    [Fact]
    public async Task StaffIsReplacedWholeAndReadBack()
    {
        var store = CreateStore();
        var eventId = NewEvent();

        Assert.Null(await store.GetStaffAsync(eventId));
        await store.SetStaffAsync(new EventStaff(eventId, ["ana", "ben"], DateTimeOffset.UtcNow, "org"));
        await store.SetStaffAsync(new EventStaff(eventId, ["cai"], DateTimeOffset.UtcNow, "org"));

        var staff = await store.GetStaffAsync(eventId);
        Assert.Equal(["cai"], staff!.UserIds);
        Assert.Equal("org", staff.UpdatedBy);
        Assert.Null(await store.GetAsync(eventId, CosmosCheckInStore.StaffId));
    }
}

public sealed class InMemoryCheckInStoreTests : CheckInStoreContract
{
    protected override ICheckInStore CreateStore() => new InMemoryCheckInStore();
}

/// <summary>The contract against the Cosmos-protocol server: real documents in the event's partition, a real 409 on the second create.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosCheckInStoreTests(CosmosServerFixture cosmos) : CheckInStoreContract
{
    protected override ICheckInStore CreateStore() => new CosmosCheckInStore(cosmos.Database.GetContainer(TicketBooking.Cosmos.Containers.CheckIns));
}
