using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Catalog;

public sealed class CatalogApiTests : IClassFixture<CatalogApiTests.Host>, IDisposable
{
    public sealed class Host : LocalHostFactory
    {
        public Host()
        {
            Time = new ManualTime(DateTimeOffset.UtcNow);
        }
    }

    private readonly Host _host;
    private readonly HttpClient _organizer;
    private readonly HttpClient _anonymous;

    public CatalogApiTests(Host host)
    {
        _host = host;
        _organizer = host.ClientFor("org-1", "organizer");
        _anonymous = host.CreateClient();
    }

    public void Dispose()
    {
        _organizer.Dispose();
        _anonymous.Dispose();
    }

    private Task<JsonObject> CreateAsync(JsonObject? body = null) => _organizer.CreateEventAsync(body);

    private static async Task<JsonObject> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.StartsWith("/problems/", problem["type"]!.GetValue<string>());
        Assert.DoesNotContain("   at ", problem.ToJsonString());
        return problem;
    }

    [Fact]
    public async Task AnOrganizerCreatesAnEventWithOneTicketPerSeat()
    {
        var response = await _organizer.PostAsJsonAsync("/api/admin/events", Payloads.NewEvent(sections: 2, rows: 3, seatsPerRow: 4));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var eventId = accepted["eventId"]!.GetValue<string>();
        Assert.Equal($"/api/event/{eventId}", response.Headers.Location?.ToString());
        Assert.Equal("creating", accepted["status"]!.GetValue<string>());
        var created = await _organizer.WaitUntilScheduledAsync(eventId);
        Assert.Equal(24, created["capacity"]!.GetValue<int>());
        Assert.Equal(24, created["available"]!.GetValue<int>());
        var tickets = await _host.Services.GetRequiredService<ITicketInventory>().GetTicketsAsync(eventId);
        Assert.Equal(24, tickets.Count);
        Assert.Contains(tickets, t => t.TicketId == "B-3-4" && t.Price == 50m);
    }

    [Fact]
    public async Task AnyoneViewsAnEventWithAPerSectionSummary()
    {
        var eventId = (await CreateAsync())["eventId"]!.GetValue<string>();

        var view = (await _anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}"))!;

        Assert.Equal("Aurora Vance: Live", view["name"]!.GetValue<string>());
        Assert.Equal("New York", view["venue"]!["city"]!.GetValue<string>());
        var sections = view["sections"]!.AsArray();
        Assert.Equal(["A", "B"], sections.Select(s => s!["name"]!.GetValue<string>()));
        Assert.All(sections, s => Assert.Equal(12, s!["available"]!.GetValue<int>()));
    }

    [Fact]
    public async Task AViewAnswers304WhenNothingChangedAndAFreshBodyWhenSeatsChange()
    {
        var eventId = (await CreateAsync())["eventId"]!.GetValue<string>();
        var first = await _anonymous.GetAsync($"/api/event/{eventId}");
        var etag = first.Headers.ETag!;

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/event/{eventId}") { Headers = { IfNoneMatch = { etag } } };
        Assert.Equal(HttpStatusCode.NotModified, (await _anonymous.SendAsync(again)).StatusCode);

        await _host.Services.GetRequiredService<ITicketInventory>()
            .HoldAsync(eventId, "r1", ["A-1-1", "A-1-2"], _host.Time!.GetUtcNow().AddMinutes(10));
        var changed = new HttpRequestMessage(HttpMethod.Get, $"/api/event/{eventId}") { Headers = { IfNoneMatch = { etag } } };
        var response = await _anonymous.SendAsync(changed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag);
        var view = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(10, view["sections"]![0]!["available"]!.GetValue<int>());
        Assert.Equal(2, view["sections"]![0]!["held"]!.GetValue<int>());
    }

    [Fact]
    public async Task ASectionListingAnswers304UntilASeatOfThatSectionChanges()
    {
        var eventId = (await CreateAsync())["eventId"]!.GetValue<string>();
        var path = $"/api/event/{eventId}/tickets?section=B";
        var etag = (await _anonymous.GetAsync(path)).Headers.ETag!;
        HttpRequestMessage Conditional() => new(HttpMethod.Get, path) { Headers = { IfNoneMatch = { etag } } };
        var inventory = _host.Services.GetRequiredService<ITicketInventory>();

        await inventory.HoldAsync(eventId, "r-a", ["A-1-1"], _host.Time!.GetUtcNow().AddMinutes(10));
        var afterOtherSection = await _anonymous.SendAsync(Conditional());
        await inventory.HoldAsync(eventId, "r-b", ["B-1-1"], _host.Time!.GetUtcNow().AddMinutes(10));
        var afterOwnSection = await _anonymous.SendAsync(Conditional());

        Assert.Equal(HttpStatusCode.NotModified, afterOtherSection.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterOwnSection.StatusCode);
        Assert.NotEqual(etag, afterOwnSection.Headers.ETag);
        var body = (await afterOwnSection.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(11, body["available"]!.GetValue<int>());
    }

    [Fact]
    public async Task AHoldPastItsTimeReadsAsAvailable()
    {
        var eventId = (await CreateAsync())["eventId"]!.GetValue<string>();
        await _anonymous.GetAsync($"/api/event/{eventId}");
        await _host.Services.GetRequiredService<ITicketInventory>()
            .HoldAsync(eventId, "r-lapse", ["B-2-2"], _host.Time!.GetUtcNow().AddMinutes(10));

        var before = (await _anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}/tickets?section=B"))!;
        _host.Time.Advance(TimeSpan.FromMinutes(11));
        var after = (await _anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}/tickets?section=B"))!;
        var view = (await _anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}"))!;

        string StatusOf(JsonObject section) => section["tickets"]!.AsArray().Single(t => t!["ticketId"]!.GetValue<string>() == "B-2-2")!["status"]!.GetValue<string>();
        Assert.Equal("held", StatusOf(before));
        Assert.Equal("available", StatusOf(after));
        Assert.Equal(12, after["available"]!.GetValue<int>());
        Assert.Equal(24, view["available"]!.GetValue<int>());
    }

    [Fact]
    public async Task TicketsOfASectionComeInSeatOrder()
    {
        var eventId = (await CreateAsync())["eventId"]!.GetValue<string>();

        var section = (await _anonymous.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}/tickets?section=a"))!;

        var ids = section["tickets"]!.AsArray().Select(t => t!["ticketId"]!.GetValue<string>()).ToArray();
        Assert.Equal("A", section["section"]!.GetValue<string>());
        Assert.Equal(12, ids.Length);
        Assert.Equal(["A-1-1", "A-1-2", "A-1-3", "A-1-4", "A-2-1"], ids.Take(5));
    }

    [Fact]
    public async Task UnknownEventsAndSectionsAre404WithAUsefulDetail()
    {
        var eventId = (await CreateAsync())["eventId"]!.GetValue<string>();

        var noEvent = await ProblemOf(await _anonymous.GetAsync("/api/event/evt-missing"), HttpStatusCode.NotFound);
        var noSection = await ProblemOf(await _anonymous.GetAsync($"/api/event/{eventId}/tickets?section=Z"), HttpStatusCode.NotFound);
        var missingSection = await ProblemOf(await _anonymous.GetAsync($"/api/event/{eventId}/tickets"), HttpStatusCode.BadRequest);
        var weirdId = await ProblemOf(await _anonymous.GetAsync($"/api/event/{new string('x', 300)}"), HttpStatusCode.NotFound);

        Assert.Equal("/problems/event-not-found", noEvent["type"]!.GetValue<string>());
        Assert.Contains("A, B", noSection["detail"]!.GetValue<string>());
        Assert.Contains("section", missingSection["detail"]!.GetValue<string>());
        Assert.True(weirdId["detail"]!.GetValue<string>().Length < 200);
    }

    [Fact]
    public async Task CreatingAnEventNeedsATokenAndTheOrganizerRole()
    {
        var customer = _host.ClientFor("cust-1", "customer");
        var badToken = _host.CreateClient();
        badToken.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-jwt");

        await ProblemOf(await _anonymous.PostAsJsonAsync("/api/admin/events", Payloads.NewEvent()), HttpStatusCode.Unauthorized);
        await ProblemOf(await badToken.PostAsJsonAsync("/api/admin/events", Payloads.NewEvent()), HttpStatusCode.Unauthorized);
        var forbidden = await ProblemOf(await customer.PostAsJsonAsync("/api/admin/events", Payloads.NewEvent()), HttpStatusCode.Forbidden);
        Assert.Contains("organizer", forbidden["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, (await _host.ClientFor("admin-1", "admin").PostAsJsonAsync("/api/admin/events", Payloads.NewEvent())).StatusCode);
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("sections", "[]")]
    [InlineData("startsAt", "\"2001-01-01T00:00:00Z\"")]
    [InlineData("sections", "[{\"name\":\"A\",\"rows\":0,\"seatsPerRow\":10,\"price\":10,\"currency\":\"USD\"}]")]
    [InlineData("sections", "[{\"name\":\"A\",\"rows\":10,\"seatsPerRow\":10,\"price\":-1,\"currency\":\"USD\"}]")]
    [InlineData("sections", "[{\"name\":\"A\",\"rows\":10,\"seatsPerRow\":10,\"price\":10,\"currency\":\"XXX\"}]")]
    [InlineData("sections", "[{\"name\":\"A/B\",\"rows\":10,\"seatsPerRow\":10,\"price\":10,\"currency\":\"USD\"}]")]
    [InlineData("sections", "[{\"name\":\"A\",\"rows\":200,\"seatsPerRow\":500,\"price\":10,\"currency\":\"USD\"},{\"name\":\"B\",\"rows\":200,\"seatsPerRow\":500,\"price\":10,\"currency\":\"USD\"}]")]
    public async Task InvalidEventsAre400NamingTheField(string field, string json)
    {
        var body = Payloads.NewEvent();
        body[field] = json.Length == 0 ? "" : JsonNode.Parse(json);

        var problem = await ProblemOf(await _organizer.PostAsJsonAsync("/api/admin/events", body), HttpStatusCode.BadRequest);

        Assert.Equal("/problems/validation", problem["type"]!.GetValue<string>());
        Assert.Contains(problem["errors"]!.AsObject(), e => e.Key.StartsWith(field, StringComparison.Ordinal));
    }

    private static JsonObject EventPriced(string price, string currency)
    {
        var body = Payloads.NewEvent(sections: 1, rows: 1, seatsPerRow: 2);
        var section = body["sections"]![0]!.AsObject();
        section["price"] = JsonNode.Parse(price);
        section["currency"] = currency;
        return body;
    }

    [Theory]
    [InlineData("0", "USD")]
    [InlineData("0", "JPY")]
    [InlineData("12.34", "USD")]
    [InlineData("5000", "JPY")]
    [InlineData("75000", "krw")]
    [InlineData("5.12", "KWD")]
    [InlineData("5.120", "BHD")]
    [InlineData("4500", "ISK")]
    [InlineData("1990.50", "HUF")]
    [InlineData("999999.99", "USD")]
    public async Task APriceThatFitsItsCurrencyIsAccepted(string price, string currency)
    {
        var created = await CreateAsync(EventPriced(price, currency));

        var tickets = await _host.Services.GetRequiredService<ITicketInventory>().GetTicketsAsync(created["eventId"]!.GetValue<string>());
        Assert.All(tickets, t => Assert.Equal((decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), currency.ToUpperInvariant()), (t.Price, t.Currency)));
    }

    [Theory]
    [InlineData("-1", "USD", "sections[0].price")]
    [InlineData("-0.01", "JPY", "sections[0].price")]
    [InlineData("12.345", "USD", "sections[0].price")]
    [InlineData("100.5", "JPY", "sections[0].price")]
    [InlineData("5.125", "KWD", "sections[0].price")]
    [InlineData("4500.50", "ISK", "sections[0].price")]
    [InlineData("1000000", "USD", "sections[0].price")]
    [InlineData("null", "USD", "sections[0].price")]
    [InlineData("10", "XYZ", "sections[0].currency")]
    [InlineData("10", "XAU", "sections[0].currency")]
    [InlineData("10", "US", "sections[0].currency")]
    public async Task APriceTheCurrencyCannotChargeIsRefusedNamingTheField(string price, string currency, string field)
    {
        var problem = await ProblemOf(await _organizer.PostAsJsonAsync("/api/admin/events", EventPriced(price, currency)), HttpStatusCode.BadRequest);

        Assert.Equal("/problems/validation", problem["type"]!.GetValue<string>());
        Assert.Equal([field], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task AFiftyThousandSeatStadiumCanBeCreated()
    {
        var body = Payloads.NewEvent("Stadium Night", sections: 20, rows: 50, seatsPerRow: 50);

        var created = await CreateAsync(body);

        Assert.Equal(50_000, created["capacity"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("{\"name\": ", "/problems/malformed-json")]
    [InlineData("{\"name\": 42}", "/problems/malformed-json")]
    [InlineData("{\"sections\": \"many\"}", "/problems/malformed-json")]
    [InlineData("{\"unknownField\": 1}", "/problems/malformed-json")]
    [InlineData("null", "/problems/malformed-json")]
    [InlineData("[]", "/problems/malformed-json")]
    public async Task MalformedOrMistypedJsonIs400(string json, string type)
    {
        var response = await _organizer.PostAsync("/api/admin/events", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await ProblemOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(type, problem["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOversizeBodyIs413()
    {
        var body = Payloads.NewEvent();
        body["description"] = new string('x', 200_000);

        await ProblemOf(await _organizer.PostAsJsonAsync("/api/admin/events", body), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ANonJsonBodyIs415()
    {
        var response = await _organizer.PostAsync("/api/admin/events", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await ProblemOf(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task UnknownRoutesAndWrongMethodsAreProblems()
    {
        await ProblemOf(await _anonymous.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
        await ProblemOf(await _anonymous.DeleteAsync("/api/health"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task HealthAnswers()
    {
        var health = await _anonymous.GetFromJsonAsync<JsonElement>("/api/health");

        Assert.Equal("ok", health.GetProperty("status").GetString());
    }
}
