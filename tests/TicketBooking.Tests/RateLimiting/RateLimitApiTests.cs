using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.RateLimiting;

/// <summary>The limits over HTTP through the local host, with small limits and the host told it sits behind a trusted proxy.</summary>
public sealed class RateLimitApiTests(RateLimitApiTests.Host host) : IClassFixture<RateLimitApiTests.Host>
{
    public sealed class Host : LocalHostFactory
    {
        public Host()
        {
            With("RateLimits:Reserve", "3");
            With("RateLimits:Confirm", "2");
            With("RateLimits:Cancel", "2");
            With("RateLimits:AnonymousReads", "1");
            With("RateLimits:AnonymousReadsBurst", "3");
            With("RateLimits:BehindTrustedProxy", "true");
            With("Logging:LogLevel:Default", "Warning");
        }

        public async Task<string> AddEventAsync()
        {
            var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
            var now = DateTimeOffset.UtcNow;
            await Services.GetRequiredService<EventCatalog>().AddAsync(new EventRecord(id, "Test", ["Band"], "concert", "", new Venue("Hall", "City", ""),
                now.AddDays(30), [new SectionLayout("A", 2, 10, 40m, "USD")], EventStatus.Scheduled, "organizer", now), CancellationToken.None);
            return id;
        }
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(ProblemMapper.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After is '{response.Headers.RetryAfter}'.");
        var problem = await response.JsonAsync();
        Assert.Equal(ProblemTypes.RateLimited, problem.GetProperty("type").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
    }

    /// <summary>Sends GETs from <paramref name="address"/> until one is refused (a token may come back while they run).</summary>
    private async Task<HttpResponseMessage> ReadUntilRefusedAsync(string path, string address)
    {
        using var client = host.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Forwarded-For", $"{address}, 10.0.0.4");
            var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {response.StatusCode}.");
            response.Dispose();
        }

        Assert.Fail($"GET {path} from {address} was never refused.");
        return null!;
    }

    private async Task<HttpResponseMessage> GetFromAsync(string path, string address)
    {
        using var client = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task TheFourthReserveOfAUserInAMinuteIs429WithRetryAfterWhileAnotherUserIsUnaffected()
    {
        var eventId = await host.AddEventAsync();
        using var ana = host.ClientFor("rl-ana");
        using var ben = host.ClientFor("rl-ben");
        for (var seat = 1; seat <= 3; seat++)
        {
            using var ok = await ana.ReserveAsync(new { eventId, ticketIds = new[] { $"A-1-{seat}" } });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var refused = await ana.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-4" } });
        using var other = await ben.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-5" } });

        await AssertRateLimitedAsync(refused);
        Assert.DoesNotContain("rl-ana", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task ConfirmAndCancelAreLimitedPerUserBeforeTheReservationIsLookedUp()
    {
        using var cai = host.ClientFor("rl-cai");
        var missing = "res-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 2; i++)
        {
            using var confirm = await cai.ConfirmAsync(missing);
            using var cancel = await cai.DeleteAsync($"/api/booking/{missing}");
            Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        }

        using var thirdConfirm = await cai.ConfirmAsync(missing);
        using var thirdCancel = await cai.DeleteAsync($"/api/booking/{missing}");

        await AssertRateLimitedAsync(thirdConfirm);
        await AssertRateLimitedAsync(thirdCancel);
    }

    [Fact]
    public async Task EventReadsFromOneAddressAreLimitedWhileAnotherAddressIsServed()
    {
        var eventId = await host.AddEventAsync();

        using var refused = await ReadUntilRefusedAsync($"/api/event/{eventId}", "203.0.113.7");
        using var other = await GetFromAsync($"/api/event/{eventId}", "198.51.100.9");

        await AssertRateLimitedAsync(refused);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task TicketReadsFromOneAddressAreLimitedWhileAnotherAddressIsServed()
    {
        var eventId = await host.AddEventAsync();

        using var refused = await ReadUntilRefusedAsync($"/api/event/{eventId}/tickets?section=A", "203.0.113.8");
        using var other = await GetFromAsync($"/api/event/{eventId}/tickets?section=A", "198.51.100.10");

        await AssertRateLimitedAsync(refused);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task SearchFromOneAddressIsLimitedWhileAnotherAddressIsServed()
    {
        using var refused = await ReadUntilRefusedAsync("/api/search?search_term=band", "192.0.2.44");
        using var other = await GetFromAsync("/api/search?search_term=band", "192.0.2.45");

        await AssertRateLimitedAsync(refused);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task WithoutATrustedProxyAForgedForwardedForDoesNotBuyAFreshBucket()
    {
        await using var untrusted = new LocalHostFactory()
            .With("RateLimits:AnonymousReads", "1")
            .With("RateLimits:AnonymousReadsBurst", "2")
            .With("Logging:LogLevel:Default", "Warning");
        using var client = untrusted.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?search_term=band");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
