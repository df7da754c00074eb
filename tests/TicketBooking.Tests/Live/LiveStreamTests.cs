using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Live;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Live;

/// <summary>
/// <c>GET /api/event/{eventId}/stream</c> on the local host over real sockets: snapshot, seat changes as they happen,
/// resuming with <c>Last-Event-ID</c>, expiries, caps, and a client that stops reading.
/// </summary>
public sealed class LiveStreamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static async Task<(HttpResponseMessage Response, EventStreamReader Reader)> ConnectAsync(LiveHost host, string eventId,
        string? lastEventId = null, HttpClient? client = null)
    {
        var response = await host.OpenStreamAsync(eventId, lastEventId, client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, new EventStreamReader(await response.Content.ReadAsStreamAsync()));
    }

    private static Dictionary<string, string> ChangesOf(StreamFrame frame) =>
        frame.Json.GetProperty("changes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("ticketId").GetString()!, c => c.GetProperty("status").GetString()!);

    /// <summary>The next <c>seats</c> event that mentions <paramref name="ticketId"/>.</summary>
    private static async Task<StreamFrame> SeatsWithAsync(EventStreamReader reader, string ticketId, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var frame = await reader.NextEventAsync(until - DateTime.UtcNow);
            Assert.NotNull(frame);
            if (frame.Event == "seats" && ChangesOf(frame).ContainsKey(ticketId))
            {
                return frame;
            }
        }
    }

    [Fact]
    public async Task AStreamOpensWithASnapshotOfEverySectionAndItsVersionAsTheEventId()
    {
        await using var host = await LiveHost.StartAsync();
        var record = await host.AddEventAsync(sections: 2, rows: 5, seatsPerRow: 10);

        var (response, reader) = await ConnectAsync(host, record.Id);
        using var _ = response;
        var snapshot = (await reader.NextEventAsync(Wait))!;

        Assert.Equal("snapshot", snapshot.Event);
        Assert.Equal(snapshot.Id, snapshot.Json.GetProperty("version").GetString());
        var sections = snapshot.Json.GetProperty("sections").EnumerateArray().ToList();
        Assert.Equal(["S1", "S2"], sections.Select(s => s.GetProperty("name").GetString()));
        Assert.All(sections, s => Assert.Equal((50, 0, 0),
            (s.GetProperty("available").GetInt32(), s.GetProperty("held").GetInt32(), s.GetProperty("booked").GetInt32())));
    }

    [Fact]
    public async Task AHoldShowsUpOnAConnectedStreamWithinOneSecond()
    {
        await using var host = await LiveHost.StartAsync();
        var record = await host.AddEventAsync();
        var (response, reader) = await ConnectAsync(host, record.Id);
        using var _ = response;
        var snapshot = (await reader.NextEventAsync(Wait))!;

        var held = Stopwatch.StartNew();
        var hold = await host.Inventory.HoldAsync(record.Id, "res-1", ["S1-1-1", "S1-1-2"], DateTimeOffset.UtcNow.AddMinutes(10));
        var seats = await SeatsWithAsync(reader, "S1-1-1", Wait);
        held.Stop();

        Assert.True(hold.Succeeded);
        Assert.True(held.Elapsed < TimeSpan.FromSeconds(1), $"The hold reached the stream after {held.Elapsed.TotalMilliseconds:F0} ms.");
        Assert.Equal("held", ChangesOf(seats)["S1-1-1"]);
        Assert.Equal("held", ChangesOf(seats)["S1-1-2"]);
        Assert.NotEqual(snapshot.Id, seats.Id);
        Assert.Equal(seats.Id, seats.Json.GetProperty("version").GetString());
        var s1 = seats.Json.GetProperty("sections").EnumerateArray().First(s => s.GetProperty("name").GetString() == "S1");
        Assert.Equal((48, 2), (s1.GetProperty("available").GetInt32(), s1.GetProperty("held").GetInt32()));
    }

    [Fact]
    public async Task AReconnectWithLastEventIdGetsExactlyTheChangesItMissed()
    {
        await using var host = await LiveHost.StartAsync();
        var record = await host.AddEventAsync();
        var until = DateTimeOffset.UtcNow.AddMinutes(10);
        var (first, reader) = await ConnectAsync(host, record.Id);
        await reader.NextEventAsync(Wait);
        await host.Inventory.HoldAsync(record.Id, "res-1", ["S1-1-1"], until);
        var seen = await SeatsWithAsync(reader, "S1-1-1", Wait);
        first.Dispose();
        reader.Dispose();

        // Three changes in three batches while the client is away.
        var feeds = host.Services.GetRequiredService<LiveFeeds>();
        await host.Inventory.HoldAsync(record.Id, "res-2", ["S1-2-1"], until);
        feeds.FlushAll();
        await host.Inventory.ReleaseAsync(record.Id, "res-1", ["S1-1-1"]);
        feeds.FlushAll();
        await host.Inventory.HoldAsync(record.Id, "res-2", ["S2-1-1"], until);
        await host.Inventory.BookAsync(record.Id, "res-2", ["S1-2-1", "S2-1-1"]);
        feeds.FlushAll();

        var (again, resumed) = await ConnectAsync(host, record.Id, seen.Id);
        using var _ = again;
        var missed = new List<StreamFrame>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add((await resumed.NextEventAsync(Wait))!);
        }

        Assert.All(missed, m => Assert.Equal("seats", m.Event));
        Assert.Equal(new Dictionary<string, string> { ["S1-2-1"] = "held" }, ChangesOf(missed[0]));
        Assert.Equal(new Dictionary<string, string> { ["S1-1-1"] = "available" }, ChangesOf(missed[1]));
        Assert.Equal(new Dictionary<string, string> { ["S1-2-1"] = "booked", ["S2-1-1"] = "booked" }, ChangesOf(missed[2]));
        await host.Inventory.HoldAsync(record.Id, "res-3", ["S2-5-10"], until);
        var live = await resumed.NextEventAsync(Wait);
        Assert.Equal(new Dictionary<string, string> { ["S2-5-10"] = "held" }, ChangesOf(live!));
    }

    [Fact]
    public async Task AReconnectTooFarBehindOrWithAForeignIdGetsAFreshSnapshot()
    {
        await using var host = await LiveHost.StartAsync(new Dictionary<string, string?> { ["Live:ChangeLogBytes"] = "500" });
        var record = await host.AddEventAsync();
        var feeds = host.Services.GetRequiredService<LiveFeeds>();
        var (first, reader) = await ConnectAsync(host, record.Id);
        var snapshot = (await reader.NextEventAsync(Wait))!;
        first.Dispose();
        for (var seat = 1; seat <= 5; seat++)
        {
            await host.Inventory.HoldAsync(record.Id, $"res-{seat}", [$"S1-1-{seat}"], DateTimeOffset.UtcNow.AddMinutes(10));
            feeds.FlushAll();
        }

        foreach (var lastEventId in new[] { snapshot.Id!, "0badc0de-1", "not a version" })
        {
            var (response, resumed) = await ConnectAsync(host, record.Id, lastEventId);
            using var _ = response;
            var fresh = (await resumed.NextEventAsync(Wait))!;

            Assert.Equal("snapshot", fresh.Event);
            var s1 = fresh.Json.GetProperty("sections").EnumerateArray().First(s => s.GetProperty("name").GetString() == "S1");
            Assert.Equal(5, s1.GetProperty("held").GetInt32());
        }
    }

    [Fact]
    public async Task AHoldThatLapsesReachesTheStreamAsAvailableWithoutAnyWrite()
    {
        await using var host = await LiveHost.StartAsync();
        var record = await host.AddEventAsync();
        var (response, reader) = await ConnectAsync(host, record.Id);
        using var _ = response;
        await reader.NextEventAsync(Wait);

        var until = DateTimeOffset.UtcNow.AddSeconds(1.5);
        await host.Inventory.HoldAsync(record.Id, "res-1", ["S2-3-4"], until);
        var held = await SeatsWithAsync(reader, "S2-3-4", Wait);
        var lapsed = await SeatsWithAsync(reader, "S2-3-4", Wait);

        Assert.Equal("held", ChangesOf(held)["S2-3-4"]);
        Assert.Equal("available", ChangesOf(lapsed)["S2-3-4"]);
        Assert.True(DateTimeOffset.UtcNow >= until);
        var stored = (await host.Inventory.GetTicketsAsync(record.Id, "S2")).Single(t => t.TicketId == "S2-3-4");
        Assert.Equal(TicketStatus.Held, stored.Status);
    }

    [Fact]
    public async Task AClientThatStopsReadingIsDroppedWhileAnotherStillGetsEveryChangePromptly()
    {
        // The stalled client's write waits out the write timeout. A fan-out that waited on that write would hold the
        // reading client up for at least as long, so "promptly" is half the write timeout: far above a loaded
        // machine's delays (a round takes under a second when idle), far below what a blocked fan-out would cause.
        var writeTimeout = TimeSpan.FromSeconds(16);
        await using var host = await LiveHost.StartAsync(new Dictionary<string, string?>
        {
            ["Streams:ListenerBuffer"] = "4",
            ["Streams:WriteTimeout"] = writeTimeout.ToString(),
        });
        var record = await host.AddEventAsync(sections: 4, rows: 50, seatsPerRow: 50);
        var feeds = host.Services.GetRequiredService<LiveFeeds>();
        using var stalledClient = new HttpClient(new SocketsHttpHandler { ConnectCallback = TinyReceiveBufferAsync })
        {
            BaseAddress = host.Client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan,
        };
        using var stalled = await host.OpenStreamAsync(record.Id, client: stalledClient);
        var (response, reader) = await ConnectAsync(host, record.Id);
        using var _ = response;
        await reader.NextEventAsync(Wait);
        Assert.Equal(2, feeds.ListenersOf(record.Id));

        // Every round turns all 10,000 seats (about 450 KB of changes): the stalled client's socket fills within a few rounds.
        var tickets = (await host.Inventory.GetTicketsAsync(record.Id)).Select(t => t.TicketId).ToArray();
        var slowest = TimeSpan.Zero;
        for (var round = 1; round <= 40 && feeds.ListenersOf(record.Id) > 1; round++)
        {
            var reservation = $"res-{round}";
            var changed = Stopwatch.StartNew();
            await host.Inventory.HoldAsync(record.Id, reservation, tickets, DateTimeOffset.UtcNow.AddMinutes(10));
            await SeatsWithAsync(reader, tickets[^1], writeTimeout + Wait);
            slowest = changed.Elapsed > slowest ? changed.Elapsed : slowest;
            await host.Inventory.ReleaseAsync(record.Id, reservation, tickets);
            await SeatsWithAsync(reader, tickets[^1], writeTimeout + Wait);
        }

        Assert.Equal(1, feeds.ListenersOf(record.Id));
        Assert.True(slowest < writeTimeout / 2, $"The reading client waited {slowest.TotalMilliseconds:F0} ms for a change.");
        await Eventually.TrueAsync(() => host.Services.GetRequiredService<StreamListeners>().Count == 1, writeTimeout + Wait,
            "The stalled client's stream still holds its place.");
    }

    [Fact]
    public async Task StreamsBeyondTheCapsAreRefusedWith503AndRetryAfter()
    {
        await using var host = await LiveHost.StartAsync(new Dictionary<string, string?>
        {
            ["Streams:MaxListenersPerKey"] = "1",
            ["Streams:MaxListenersPerInstance"] = "2",
        });
        var first = await host.AddEventAsync();
        var second = await host.AddEventAsync();
        var third = await host.AddEventAsync();

        using var a = await host.OpenStreamAsync(first.Id);
        using var sameEvent = await host.OpenStreamAsync(first.Id);
        using var b = await host.OpenStreamAsync(second.Id);
        using var beyondInstance = await host.OpenStreamAsync(third.Id);

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        foreach (var refused in new[] { sameEvent, beyondInstance })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(ProblemTypes.ListenerLimit, problem.RootElement.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task AnUnknownEventIs404ProblemJsonNotAStream()
    {
        await using var host = await LiveHost.StartAsync();

        using var response = await host.OpenStreamAsync("evt-nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, host.Services.GetRequiredService<StreamListeners>().Count);
    }

    /// <summary>A connection whose client takes little into its socket buffer, so the server feels a stalled reader soon.</summary>
    private static async ValueTask<Stream> TinyReceiveBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
