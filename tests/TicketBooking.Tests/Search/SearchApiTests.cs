using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Demo;
using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Search;

/// <summary><c>/api/search</c> through the local host, with the demo catalog and the in-process index sync.</summary>
public sealed class SearchApiTests : IClassFixture<SearchApiTests.Host>, IDisposable
{
    public sealed class Host : LocalHostFactory
    {
        public Host()
        {
            With("Seed:Demo", "true");
            With("Seed:EventCount", "60");
        }
    }

    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);
    private readonly Host _host;
    private readonly HttpClient _anonymous;

    public SearchApiTests(Host host)
    {
        _host = host;
        _anonymous = host.CreateClient();
    }

    public void Dispose() => _anonymous.Dispose();

    private async Task<JsonObject> SearchAsync(string query)
    {
        var response = await _anonymous.GetAsync("/api/search" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Searches until <paramref name="done"/> holds, failing after <see cref="Freshness"/>.</summary>
    private async Task<JsonObject> EventuallyAsync(string query, Func<JsonObject, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await SearchAsync(query);
            if (done(answer))
            {
                return answer;
            }

            Assert.True(clock.Elapsed < Freshness, $"'{query}' did not change within {Freshness}: {answer.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AnAnonymousSearchAnswersItemsPagesTotalAndFacets()
    {
        var response = await _anonymous.GetAsync("/api/search?search_term=neon%20harbor&pageSize=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("public, max-age=5", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, (int)body["page"]!);
        Assert.Equal(5, (int)body["pageSize"]!);
        Assert.True((int)body["total"]! >= 1);
        var first = body["items"]![0]!.AsObject();
        Assert.Equal(["eventId", "name", "performers", "venue", "city", "startsAt", "category", "minPrice", "currency", "available", "status"],
            first.Select(p => p.Key));
        Assert.Equal(DemoCatalog.StadiumEventId, (string?)first["eventId"]);
        Assert.Equal(50_000, (int)first["available"]!);
        Assert.NotEmpty(body["facets"]!["city"]!.AsArray());
        Assert.NotEmpty(body["facets"]!["category"]!.AsArray());
    }

    [Fact]
    public async Task PostTakesTheSameQueryAsGet()
    {
        var get = await _anonymous.GetStringAsync("/api/search?search_term=tay&location=new%20york");
        var post = await _anonymous.PostAsync("/api/search?search_term=tay&location=new%20york", null);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(get, await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSameAnswerIsNotSentTwice()
    {
        var first = await _anonymous.GetAsync("/api/search?location=Z%C3%BCrich");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/search?location=zurich");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await _anonymous.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("?date=2027-02-30", "date")]
    [InlineData("?date=tomorrow", "date")]
    [InlineData("?from=2027-01-01T00:00:00Z", "from")]
    [InlineData("?from=2027-05-01&to=2027-04-01", "to")]
    [InlineData("?date=2027-05-01&from=2027-04-01", "date")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=-1", "page")]
    [InlineData("?page=abc", "page")]
    [InlineData("?pageSize=101", "pageSize")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?page=200&pageSize=100", "page")]
    [InlineData("?page=1&page=2", "page")]
    public async Task BadDatesAndPagesAreProblems(string query, string field)
    {
        var response = await _anonymous.GetAsync("/api/search" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("/problems/validation", (string?)problem["type"]);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task QuerySyntaxIsNeverAnError()
    {
        var body = await SearchAsync("?search_term=" + Uri.EscapeDataString("\"neon\" AND (harbor*) OR ~ : \\ / [x TO y] {z} ^2 -a +b !c && ||"));

        Assert.Equal(0, (int)body["total"]!);
    }

    [Fact]
    public async Task ACreatedEventIsSearchableWithinTwoSeconds()
    {
        using var organizer = _host.ClientFor("org-search", "organizer");
        var eventId = (string)(await organizer.CreateEventAsync(Payloads.NewEvent(name: "Xylophonic Quartet: Premiere")))["eventId"]!;

        var found = await EventuallyAsync("?search_term=xylophonik", b => (int)b["total"]! == 1);

        var item = found["items"]![0]!;
        Assert.Equal(eventId, (string?)item["eventId"]);
        Assert.Equal(24, (int)item["available"]!);
        Assert.Equal(40m, (decimal)item["minPrice"]!);
    }

    [Fact]
    public async Task HeldSeatsLeaveTheAvailableCountWithinTwoSeconds()
    {
        using var organizer = _host.ClientFor("org-search", "organizer");
        var eventId = (string)(await organizer.CreateEventAsync(Payloads.NewEvent(name: "Quokka Parade: Matinee")))["eventId"]!;
        await EventuallyAsync("?search_term=quokka", b => (int)b["total"]! == 1);

        var inventory = _host.Services.GetRequiredService<ITicketInventory>();
        var hold = await inventory.HoldAsync(eventId, "res-search-1", ["A-1-1", "A-1-2", "B-2-3"], DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.True(hold.Succeeded);

        await EventuallyAsync("?search_term=quokka", b => (int)b["items"]![0]!["available"]! == 21);
    }

    [Fact]
    public async Task OnlyAnAdminRebuildsTheIndex()
    {
        using var organizer = _host.ClientFor("org-search", "organizer");
        using var admin = _host.ClientFor("admin-1", "admin");

        var anonymous = await _anonymous.PostAsync("/api/admin/search/rebuild", null);
        var notAdmin = await organizer.PostAsync("/api/admin/search/rebuild", null);
        var rebuilt = await admin.PostAsync("/api/admin/search/rebuild", null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        var result = (await rebuilt.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True((int)result["indexed"]! >= 61);
        Assert.Equal(0, (int)result["removed"]!);
        Assert.Equal(1, (int)(await SearchAsync("?search_term=stadium%20finale"))["total"]!);
    }
}
