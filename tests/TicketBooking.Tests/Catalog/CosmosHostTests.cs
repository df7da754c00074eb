using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Catalog;

/// <summary>The local host wired to Cosmos (Data:Provider=Cosmos) against the Cosmos-protocol server, end to end over HTTP.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosHostTests(CosmosServerFixture cosmos)
{
    [Fact]
    public async Task EventsCreatedThroughTheApiAreStoredInCosmosAndViewed()
    {
        await using var host = new LocalHostFactory()
            .With("Data:Provider", "Cosmos")
            .With("Cosmos:AccountEndpoint", cosmos.Options.AccountEndpoint)
            .With("Cosmos:AccountKey", cosmos.Options.AccountKey)
            .With("Cosmos:DatabaseName", "ticketbooking-host-tests")
            .With("Cosmos:LocalServer", "true")
            .With("Cosmos:CreateIfNotExists", "true");
        using var organizer = host.ClientFor("org-1", "organizer");

        var eventId = (await organizer.CreateEventAsync(Payloads.NewEvent(sections: 3, rows: 10, seatsPerRow: 20)))["eventId"]!.GetValue<string>();

        var view = await organizer.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}");
        var section = await organizer.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}/tickets?section=C");
        var health = await organizer.GetFromJsonAsync<JsonObject>("/api/health");

        Assert.Equal(600, view!["available"]!.GetValue<int>());
        Assert.Equal(200, section!["tickets"]!.AsArray().Count);
        Assert.Equal("cosmos", health!["data"]!.GetValue<string>());
        var stored = await cosmos.Client.GetContainer("ticketbooking-host-tests", "tickets")
            .ReadItemAsync<JsonObject>("C-10-20", new Microsoft.Azure.Cosmos.PartitionKey(eventId));
        Assert.Equal("available", stored.Resource["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheReadyCheckReadsEveryCosmosContainerAndSaysWhenTheAccountIsGone()
    {
        await using var host = new LocalHostFactory()
            .With("Data:Provider", "Cosmos")
            .With("Cosmos:AccountEndpoint", cosmos.Options.AccountEndpoint)
            .With("Cosmos:AccountKey", cosmos.Options.AccountKey)
            .With("Cosmos:DatabaseName", "ticketbooking-ready-tests")
            .With("Cosmos:LocalServer", "true")
            .With("Cosmos:CreateIfNotExists", "true");
        using var client = host.CreateClient();

        using var ready = await client.GetAsync("/api/health/ready");
        var body = await ready.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(body!["checks"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "stores" && c["status"]!.GetValue<string>() == "ok");

        await cosmos.Client.GetDatabase("ticketbooking-ready-tests").DeleteAsync();
        using var gone = await client.GetAsync("/api/health/ready");
        var failing = await gone.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
        Assert.Equal("failed", failing!["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "stores")!["status"]!.GetValue<string>());
        Assert.Equal("ok", failing["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "search")!["status"]!.GetValue<string>());
    }
}
