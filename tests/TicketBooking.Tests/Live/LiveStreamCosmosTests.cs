using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Live;

/// <summary>
/// The emulated path: the local host on the Cosmos-protocol server, where another instance's write reaches this
/// instance's board only through the tickets change feed, and from there the stream.
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class LiveStreamCosmosTests(CosmosServerFixture cosmos)
{
    [Fact]
    public async Task AHoldWrittenByAnotherInstanceReachesTheStreamThroughTheChangeFeed()
    {
        const string database = "ticketbooking-live-tests";
        await using var host = await LiveHost.StartAsync(new Dictionary<string, string?>
        {
            ["Data:Provider"] = "Cosmos",
            ["Cosmos:AccountEndpoint"] = cosmos.Options.AccountEndpoint,
            ["Cosmos:AccountKey"] = cosmos.Options.AccountKey,
            ["Cosmos:DatabaseName"] = database,
            ["Cosmos:LocalServer"] = "true",
            ["Cosmos:CreateIfNotExists"] = "true",
        });
        var record = await host.AddEventAsync(sections: 1, rows: 2, seatsPerRow: 5);
        using var response = await host.OpenStreamAsync(record.Id);
        using var reader = new EventStreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("snapshot", (await reader.NextEventAsync(TimeSpan.FromSeconds(10)))!.Event);

        // Another instance: its own inventory over the same container, telling nobody in this process of its writes.
        var elsewhere = new CosmosTicketInventory(cosmos.Client.GetContainer(database, "tickets"), new TicketChangeObservers([]), TimeProvider.System);
        var hold = await elsewhere.HoldAsync(record.Id, "res-elsewhere", ["S1-2-5"], DateTimeOffset.UtcNow.AddMinutes(10));

        Assert.True(hold.Succeeded);
        var seats = await reader.NextEventAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("seats", seats!.Event);
        var change = Assert.Single(seats.Json.GetProperty("changes").EnumerateArray());
        Assert.Equal(("S1-2-5", "held"), (change.GetProperty("ticketId").GetString(), change.GetProperty("status").GetString()));
        Assert.NotNull(host.Services.GetRequiredService<CosmosTicketChangeFeed>().Position);
    }
}
