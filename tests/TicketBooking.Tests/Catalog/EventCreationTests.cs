using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Auth;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Search;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Catalog;

/// <summary>An event's creation through the local host's real in-memory Durable Task sidecar: stored first, tickets in batches, then on sale.</summary>
public sealed class EventCreationTests : IClassFixture<EventCreationTests.Host>
{
    public sealed class Host : LocalHostFactory
    {
        public Host()
        {
            With("Catalog:TicketBatchSize", "7");
            With("Logging:LogLevel:Default", "Warning");
        }
    }

    private readonly Host _host;

    public EventCreationTests(Host host) => _host = host;

    private EventCatalog Catalog => _host.Services.GetRequiredService<EventCatalog>();

    private static CreateEventRequest Request(int rows, int seatsPerRow, string name = "Batch Test") => new()
    {
        Name = name,
        Performers = ["Band"],
        Category = "concert",
        Venue = new CreateEventRequest.VenueInput { Name = "Hall", City = "City", Address = "1 Road" },
        StartsAt = DateTimeOffset.UtcNow.AddDays(20),
        Sections =
        [
            new CreateEventRequest.SectionInput { Name = "A", Rows = rows, SeatsPerRow = seatsPerRow, Price = 30m, Currency = "USD" },
            new CreateEventRequest.SectionInput { Name = "B", Rows = 2, SeatsPerRow = 3, Price = 20m, Currency = "USD" },
        ],
    };

    [Fact]
    public async Task AnEventGoesFromCreatingToScheduledWithEveryTicketWrittenInBatches()
    {
        using var organizer = _host.ClientFor("org-batch", "organizer");

        var response = await organizer.PostAsJsonAsync("/api/admin/events", Payloads.NewEvent(sections: 3, rows: 5, seatsPerRow: 9));
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var eventId = accepted["eventId"]!.GetValue<string>();
        var scheduled = await organizer.WaitUntilScheduledAsync(eventId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("creating", accepted["status"]!.GetValue<string>());
        Assert.Equal(135, scheduled["available"]!.GetValue<int>());
        var tickets = await _host.Services.GetRequiredService<ITicketInventory>().GetTicketsAsync(eventId);
        Assert.Equal(135, tickets.Select(t => t.TicketId).Distinct().Count());
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var instance = await _host.Services.GetRequiredService<DurableTaskClient>()
            .WaitForInstanceCompletionAsync(EventCreationOrchestrator.InstanceIdFor(eventId), getInputsAndOutputs: true, wait.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal(EventStatus.Scheduled, instance.ReadOutputAs<EventStatus>());
    }

    [Fact]
    public async Task ReservingWhileTheEventIsCreatingIsRefusedAndWorksOnceItIsScheduled()
    {
        var record = await Catalog.CreateAsync(Request(rows: 4, seatsPerRow: 5), new Caller("org-slow", new HashSet<string> { Roles.Organizer }),
            CancellationToken.None);
        await Catalog.WriteTicketBatchAsync(new TicketBatch(record.Id, 0, 7), CancellationToken.None);
        using var customer = _host.ClientFor("cust-early", "customer");
        using var anonymous = _host.CreateClient();

        var early = await customer.ReserveAsync(new { eventId = record.Id, ticketIds = new[] { "A-1-1" } });
        var view = (await anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{record.Id}"))!;

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var problem = (await early.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("/problems/sales-closed", problem["type"]!.GetValue<string>());
        Assert.Contains("being created", problem["detail"]!.GetValue<string>());
        Assert.Equal("creating", view["status"]!.GetValue<string>());

        // The orchestration a POST would have started, resumed after the first batch: it writes the rest and opens the event.
        await _host.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(EventCreationOrchestrator.Name,
            Catalog.CreationOf(record), new Microsoft.DurableTask.StartOrchestrationOptions(EventCreationOrchestrator.InstanceIdFor(record.Id)));
        await anonymous.WaitUntilScheduledAsync(record.Id);
        var later = await customer.ReserveAsync(new { eventId = record.Id, ticketIds = new[] { "A-1-1" } });

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task ABatchWrittenTwiceAddsNoTicketAndKeepsTheirStatus()
    {
        var record = await Catalog.CreateAsync(Request(rows: 3, seatsPerRow: 4), new Caller("org-replay", new HashSet<string> { Roles.Organizer }),
            CancellationToken.None);
        var inventory = _host.Services.GetRequiredService<ITicketInventory>();
        var batch = new TicketBatch(record.Id, 1, 7);

        var first = await Catalog.WriteTicketBatchAsync(batch, CancellationToken.None);
        var hold = await inventory.HoldAsync(record.Id, "res-replay", ["A-2-4"], DateTimeOffset.UtcNow.AddMinutes(5));
        var second = await Catalog.WriteTicketBatchAsync(batch, CancellationToken.None);
        var tickets = await inventory.GetTicketsAsync(record.Id);

        Assert.True(hold.Succeeded);
        Assert.Equal(7, first);
        Assert.Equal(7, second);
        Assert.Equal(7, tickets.Count);
        Assert.Equal(EventCatalog.TicketsOf(record).Skip(7).Take(7).Select(t => t.TicketId).Order(), tickets.Select(t => t.TicketId).Order());
        Assert.Equal(TicketStatus.Held, tickets.Single(t => t.TicketId == "A-2-4").Status);
    }

    [Fact]
    public async Task AnEventIsIndexedForSearchOnlyOnceItIsOnSale()
    {
        var record = await Catalog.CreateAsync(Request(rows: 1, seatsPerRow: 2, name: "Zanzibarian Yodel Night"),
            new Caller("org-search-wait", new HashSet<string> { Roles.Organizer }), CancellationToken.None);
        var indexer = _host.Services.GetRequiredService<SearchIndexer>();
        var search = _host.Services.GetRequiredService<IEventSearch>();
        var query = new EventSearchQuery("zanzibarian", null, null, null, null, null, 1, 10, DateTimeOffset.UtcNow);

        await indexer.ApplyAsync([record], CancellationToken.None);
        var whileCreating = await search.SearchAsync(query);
        await indexer.ApplyAsync([record with { Status = EventStatus.Scheduled, Version = 2 }], CancellationToken.None);
        var onSale = await search.SearchAsync(query);

        Assert.Equal(0, whileCreating.Total);
        Assert.Equal(record.Id, Assert.Single(onSale.Items).EventId);
    }

    [Fact]
    public async Task NoTicketIsWrittenForAnEventThatIsNotStored()
    {
        var missing = "evt-" + Guid.NewGuid().ToString("N")[..12];

        await Assert.ThrowsAsync<InvalidOperationException>(() => Catalog.WriteTicketBatchAsync(new TicketBatch(missing, 0, 7), CancellationToken.None));

        Assert.Empty(await _host.Services.GetRequiredService<ITicketInventory>().GetTicketsAsync(missing));
    }

    [Fact]
    public void TheBatchesOfALayoutAreEveryTicketOnceInLayoutOrder()
    {
        var record = new EventRecord("evt-layout", "Layout", [], "concert", "", new Venue("Hall", "City", ""), DateTimeOffset.UtcNow.AddDays(1),
            [new SectionLayout("A", 3, 5, 10m, "USD"), new SectionLayout("B", 1, 2, 10m, "USD"), new SectionLayout("C", 4, 4, 10m, "USD")],
            EventStatus.Creating, "org", DateTimeOffset.UtcNow);
        var input = new EventCreationInput(record.Id, record.Capacity, 4);

        var batches = Enumerable.Range(0, EventCreationOrchestrator.BatchCount(input))
            .Select(i => EventCatalog.TicketsOf(record, i * input.BatchSize, input.BatchSize)).ToArray();

        Assert.Equal(9, batches.Length);
        Assert.All(batches[..^1], b => Assert.Equal(4, b.Count));
        Assert.Equal(["A-1-1", "A-1-2", "A-1-3", "A-1-4", "A-1-5", "A-2-1"], batches.SelectMany(b => b).Take(6).Select(t => t.TicketId));
        Assert.Equal(33, batches.SelectMany(b => b).Select(t => t.TicketId).Distinct().Count());
        Assert.Equal(["B-1-1", "B-1-2", "C-1-1"], batches.SelectMany(b => b).Skip(15).Take(3).Select(t => t.TicketId));
    }
}
