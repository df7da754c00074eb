using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Catalog;

/// <summary>The daily caps on what one organizer creates, through the API, counted from the event store.</summary>
public sealed class OrganizerLimitsTests : IClassFixture<OrganizerLimitsTests.Host>
{
    public sealed class Host : LocalHostFactory
    {
        public Host()
        {
            // Late in a UTC day, so rolling over is a short step of the clock.
            Time = new ManualTime(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(-1), TimeSpan.Zero));
            With("Catalog:MaxEventsPerOrganizerPerDay", "3");
            With("Catalog:MaxSeatsPerOrganizerPerDay", "100");
            With("Logging:LogLevel:Default", "Warning");
        }
    }

    private readonly Host _host;

    public OrganizerLimitsTests(Host host) => _host = host;

    private static JsonObject Event(int seats) => Payloads.NewEvent(sections: 1, rows: 1, seatsPerRow: seats);

    private static async Task<JsonObject> LimitProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("/problems/organizer-limit", problem["type"]!.GetValue<string>());
        return problem;
    }

    [Fact]
    public async Task AnOrganizerPastTheDailyEventCapGets429UntilTheDayRollsOver()
    {
        using var organizer = _host.ClientFor("org-events-" + Guid.NewGuid().ToString("N")[..6], "organizer");
        using var other = _host.ClientFor("org-other-" + Guid.NewGuid().ToString("N")[..6], "organizer");
        for (var i = 0; i < 3; i++)
        {
            await organizer.CreateEventAsync(Event(seats: 2));
        }

        var refused = await organizer.PostAsJsonAsync("/api/admin/events", Event(seats: 2));
        var problem = await LimitProblemAsync(refused);
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        var otherOrganizer = await other.PostAsJsonAsync("/api/admin/events", Event(seats: 2));
        _host.Time!.Advance(retryAfter);
        var nextDay = await organizer.PostAsJsonAsync("/api/admin/events", Event(seats: 2));

        Assert.Equal("events", problem["limit"]!.GetValue<string>());
        Assert.Contains("3 events per day", problem["detail"]!.GetValue<string>());
        Assert.InRange(retryAfter, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Accepted, otherOrganizer.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, nextDay.StatusCode);
    }

    [Fact]
    public async Task AnEventThatWouldPassTheDailySeatCapIsRefused()
    {
        using var organizer = _host.ClientFor("org-seats-" + Guid.NewGuid().ToString("N")[..6], "organizer");
        await organizer.CreateEventAsync(Event(seats: 60));

        var tooMany = await organizer.PostAsJsonAsync("/api/admin/events", Event(seats: 41));
        var justFits = await organizer.PostAsJsonAsync("/api/admin/events", Event(seats: 40));

        var problem = await LimitProblemAsync(tooMany);
        Assert.Equal("seats", problem["limit"]!.GetValue<string>());
        Assert.Equal(60, problem["used"]!.GetValue<int>());
        Assert.NotNull(tooMany.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, justFits.StatusCode);
    }

    [Fact]
    public async Task AdminsAreNotLimited()
    {
        using var admin = _host.ClientFor("admin-" + Guid.NewGuid().ToString("N")[..6], "admin");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await admin.PostAsJsonAsync("/api/admin/events", Event(seats: 50))).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
    }
}
