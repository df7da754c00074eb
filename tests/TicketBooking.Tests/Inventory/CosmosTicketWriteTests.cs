using TicketBooking.Cosmos;
using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Inventory;

/// <summary>
/// Ticket writes on the Cosmos-protocol server start from the copy in hand (the seat map's load, this process's last
/// write) and read only when the store says the copy is stale, or before refusing: two inventories over one container
/// stand for two instances, each with its own memory.
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosTicketWriteTests(CosmosServerFixture cosmos) : IDisposable
{
    private readonly CountedCosmos _counted = new(cosmos);
    private readonly ManualTime _time = new();

    public void Dispose() => _counted.Dispose();

    private CosmosTicketInventory NewInstance() => new(_counted.Database.GetContainer(Containers.Tickets), new RecordingObserver(), _time);

    private async Task<string> EventAsync(CosmosTicketInventory inventory)
    {
        var eventId = "evt-" + Guid.NewGuid().ToString("N")[..12];
        await inventory.AddTicketsAsync(eventId, Enumerable.Range(1, 4).Select(s => new Ticket(eventId, Ticket.IdOf("A", 1, s), "A", 1, s, 50m, "USD")).ToArray());
        return eventId;
    }

    [Fact]
    public async Task AHoldAfterTheSeatMapWasLoadedWritesEachTicketOnceWithoutReading()
    {
        var inventory = NewInstance();
        var eventId = await EventAsync(inventory);
        await inventory.GetTicketsAsync(eventId);

        var requests = await _counted.CountAsync(() => inventory.HoldAsync(eventId, "r1", ["A-1-1", "A-1-2"], _time.GetUtcNow().AddMinutes(10)));

        Assert.Equal(new Dictionary<string, long> { ["tickets replace"] = 2 }, requests);
    }

    [Fact]
    public async Task BookingAndReleasingTheSeatsItHeldWritesWithoutReading()
    {
        var inventory = NewInstance();
        var eventId = await EventAsync(inventory);
        await inventory.HoldAsync(eventId, "r1", ["A-1-1", "A-1-2"], _time.GetUtcNow().AddMinutes(10));
        await inventory.HoldAsync(eventId, "r2", ["A-1-3"], _time.GetUtcNow().AddMinutes(10));

        var booking = await _counted.CountAsync(() => inventory.BookAsync(eventId, "r1", ["A-1-1", "A-1-2"]));
        var release = await _counted.CountAsync(() => inventory.ReleaseAsync(eventId, "r2", ["A-1-3"]));

        Assert.Equal(new Dictionary<string, long> { ["tickets replace"] = 2 }, booking);
        Assert.Equal(new Dictionary<string, long> { ["tickets replace"] = 1 }, release);
    }

    [Fact]
    public async Task AStaleCopyCannotTakeASeatAnotherInstanceHolds()
    {
        var first = NewInstance();
        var second = NewInstance();
        var eventId = await EventAsync(first);
        await first.GetTicketsAsync(eventId);
        await second.HoldAsync(eventId, "r2", ["A-1-1"], _time.GetUtcNow().AddMinutes(10));

        var result = await first.HoldAsync(eventId, "r1", ["A-1-1", "A-1-2"], _time.GetUtcNow().AddMinutes(10));

        Assert.False(result.Succeeded);
        Assert.Equal(["A-1-1"], result.UnavailableTicketIds);
        var stored = (await second.GetTicketsAsync(eventId)).ToDictionary(t => t.TicketId);
        Assert.Equal(("r2", TicketStatus.Held), (stored["A-1-1"].ReservationId, stored["A-1-1"].Status));
        Assert.Equal(TicketStatus.Available, stored["A-1-2"].Status);
    }

    [Fact]
    public async Task AStaleCopySayingHeldIsReadAgainBeforeTheSeatIsRefused()
    {
        var first = NewInstance();
        var second = NewInstance();
        var eventId = await EventAsync(first);
        await first.HoldAsync(eventId, "r1", ["A-1-1"], _time.GetUtcNow().AddMinutes(10));
        await second.ReleaseAsync(eventId, "r1", ["A-1-1"]);

        var result = await first.HoldAsync(eventId, "r2", ["A-1-1"], _time.GetUtcNow().AddMinutes(10));

        Assert.True(result.Succeeded);
        Assert.Equal("r2", (await second.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-1").ReservationId);
    }

    [Fact]
    public async Task AStaleCopySayingBookedIsReadAgainBeforeABookingCountsAsDone()
    {
        var first = NewInstance();
        var second = NewInstance();
        var eventId = await EventAsync(first);
        await first.HoldAsync(eventId, "r1", ["A-1-1"], _time.GetUtcNow().AddMinutes(10));
        await first.BookAsync(eventId, "r1", ["A-1-1"]);
        // Another instance moves the ticket on (as a refund would), unseen by the first.
        var ticket = (await second.GetTicketsAsync(eventId)).Single(t => t.TicketId == "A-1-1");
        var container = _counted.Database.GetContainer(Containers.Tickets);
        await container.UpsertItemAsync(CosmosTicketInventory.TicketDocument.From(ticket.Released()), new Microsoft.Azure.Cosmos.PartitionKey(eventId));

        var again = await first.BookAsync(eventId, "r1", ["A-1-1"]);

        Assert.False(again.Succeeded);
        Assert.Equal(["A-1-1"], again.NotHeldTicketIds);
    }
}
