using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Cosmos;
using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Inventory;

/// <summary>Two app instances on one Cosmos account: a write through one reaches the other's availability snapshot.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosTicketChangeFeedTests(CosmosServerFixture cosmos)
{
    [Fact]
    public async Task AWriteByAnotherInstanceReachesThisInstancesSnapshot()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var container = cosmos.Database.GetContainer(Containers.Tickets);
        var eventId = "evt-" + Guid.NewGuid().ToString("N")[..12];
        var otherInstance = new CosmosTicketInventory(container, new AvailabilityBoard(time), time);
        await otherInstance.AddTicketsAsync(eventId, Enumerable.Range(1, 4).Select(s => new Ticket(eventId, Ticket.IdOf("A", 1, s), "A", 1, s, 10m, "USD")).ToArray());

        var board = new AvailabilityBoard(time);
        var thisInstance = new CosmosTicketInventory(container, board, time);
        var eventBoard = await board.GetAsync(eventId, ct => thisInstance.GetTicketsAsync(eventId, null, ct), CancellationToken.None);
        using var feed = new CosmosTicketChangeFeed(container, board, NullLogger<CosmosTicketChangeFeed>.Instance, TimeSpan.FromMilliseconds(100));
        await feed.StartAsync(CancellationToken.None);
        await Task.Delay(300); // the feed starts from "now"

        await otherInstance.HoldAsync(eventId, "r1", ["A-1-1", "A-1-2"], time.GetUtcNow().AddMinutes(10));
        await otherInstance.HoldAsync(eventId, "r2", ["A-1-3"], time.GetUtcNow().AddMinutes(10));
        await otherInstance.BookAsync(eventId, "r2", ["A-1-3"]);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        SectionAvailability section;
        do
        {
            await Task.Delay(100);
            section = eventBoard.Snapshot().Sections.Single();
        }
        while ((section.Held, section.Booked) != (2, 1) && DateTime.UtcNow < deadline);
        await feed.StopAsync(CancellationToken.None);

        Assert.Equal((1, 2, 1), (section.Available, section.Held, section.Booked));
    }
}
