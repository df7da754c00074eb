using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketBooking.Http;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Http;

/// <summary>
/// The server-sent events mechanism on real Kestrel and a real HttpClient: headers, heartbeat, maximum duration, caps,
/// a client that stops reading. The events come from a generator route: <c>count</c> events of <c>size</c> bytes of data,
/// one every <c>everyMs</c>, then silence until the stream ends.
/// </summary>
public sealed class ServerSentEventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Streams:HeartbeatInterval"] = "00:00:00.200",
        ["Streams:MaxDuration"] = "00:00:30",
        ["Streams:MaxListenersPerKey"] = "2",
        ["Streams:MaxListenersPerInstance"] = "3",
        ["Streams:WriteTimeout"] = "00:00:00.500",
        ["Streams:BusyRetryAfter"] = "00:00:07",
    };

    public async Task InitializeAsync() => await StartAsync();

    private async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddServerSentEvents(builder.Configuration);
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                await ProblemMapper.WriteAsync(context, ex, _app.Logger);
            }
        });
        _app.MapGet("/stream/{key}", (HttpRequest request, string key, int? count, int? size, int? everyMs, ServerSentEvents streams) =>
            streams.Open(request, "test", key, Generate(count ?? 1, size ?? 10, everyMs ?? 0, CancellationToken.None)));
        var (_, address) = await KestrelApp.StartAsync(_app);
        _client = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async IAsyncEnumerable<ServerSentEvent> Generate(int count, int size, int everyMs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 1; i <= count; i++)
        {
            if (everyMs > 0)
            {
                await Task.Delay(everyMs, cancellationToken);
            }

            yield return ServerSentEvent.Json("tick", i.ToString(System.Globalization.CultureInfo.InvariantCulture), new { n = i, pad = new string('x', size) });
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private async Task<HttpResponseMessage> OpenAsync(string path, HttpClient? client = null) =>
        await (client ?? _client).SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead);

    [Fact]
    public async Task AStreamHasTheHeadersOfAnUnbufferedUncompressedEventStreamAndCarriesEventsWithTheirIds()
    {
        using var response = await OpenAsync("/stream/a?count=2");
        using var reader = new EventStreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("no", Assert.Single(response.Headers.GetValues("X-Accel-Buffering")));
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(2000, (await reader.NextAsync(Wait))!.Retry);
        var first = (await reader.NextEventAsync(Wait))!;
        var second = (await reader.NextEventAsync(Wait))!;
        Assert.Equal(("tick", "1", 1), (first.Event, first.Id, first.Json.GetProperty("n").GetInt32()));
        Assert.Equal(("tick", "2", 2), (second.Event, second.Id, second.Json.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task AQuietStreamSendsHeartbeatsAndEndsAfterItsMaximumDurationWithARetryHint()
    {
        _settings["Streams:MaxDuration"] = "00:00:01.500";
        await DisposeAsync();
        await StartAsync();
        var started = DateTime.UtcNow;

        using var response = await OpenAsync("/stream/a?count=0");
        using var reader = new EventStreamReader(await response.Content.ReadAsStreamAsync());
        var frames = new List<StreamFrame>();
        while (await reader.NextAsync(Wait) is { } frame)
        {
            frames.Add(frame);
        }

        var lasted = DateTime.UtcNow - started;
        Assert.InRange(lasted, TimeSpan.FromSeconds(1.3), TimeSpan.FromSeconds(8));
        Assert.True(frames.Count(f => f.Comment is not null) >= 3, $"{frames.Count(f => f.Comment is not null)} heartbeats");
        Assert.Equal(2000, frames[^1].Retry);
    }

    [Fact]
    public async Task StreamsBeyondTheCapsAreRefusedWith503AndRetryAfterUntilAPlaceIsFree()
    {
        var first = await OpenAsync("/stream/a?count=0");
        using var second = await OpenAsync("/stream/a?count=0");
        using var onThatKey = await OpenAsync("/stream/a?count=0");
        using var third = await OpenAsync("/stream/b?count=0");
        using var overall = await OpenAsync("/stream/c?count=0");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        foreach (var refused in new[] { onThatKey, overall })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(ProblemTypes.ListenerLimit, problem.RootElement.GetProperty("type").GetString());
        }

        first.Dispose();
        var listeners = _app.Services.GetRequiredService<StreamListeners>();
        await Eventually.TrueAsync(() => listeners.CountOf(ServerSentEvents.KeyOf("test", "a")) == 1, Wait);
        using var again = await OpenAsync("/stream/c?count=0");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task AClientThatStopsReadingIsCutOffWhileAnotherKeepsReceiving()
    {
        // A write timeout well above a pause of the reading client on a loaded machine, so only the stalled one is cut.
        _settings["Streams:WriteTimeout"] = "00:00:02";
        await DisposeAsync();
        await StartAsync();
        using var stalledClient = new HttpClient(new SocketsHttpHandler { ConnectCallback = TinyReceiveBufferAsync })
        {
            BaseAddress = _client.BaseAddress, Timeout = Timeout.InfiniteTimeSpan,
        };
        using var stalled = await OpenAsync("/stream/a?count=2500&size=65536&everyMs=10", stalledClient);
        using var reading = await OpenAsync("/stream/b?count=2500&size=65536&everyMs=10");
        using var reader = new EventStreamReader(await reading.Content.ReadAsStreamAsync());
        var listeners = _app.Services.GetRequiredService<StreamListeners>();

        var received = 0;
        var cutAt = -1;
        while (received < 2500 && (cutAt < 0 || received < cutAt + 50))
        {
            Assert.NotNull(await reader.NextEventAsync(Wait));
            received++;
            if (cutAt < 0 && listeners.CountOf(ServerSentEvents.KeyOf("test", "a")) == 0)
            {
                cutAt = received;
            }
        }

        Assert.True(cutAt > 0, "The client that stopped reading still holds its stream.");
        Assert.True(received >= cutAt + 50, "The reading client stopped receiving after the other was cut off.");
        Assert.Equal(1, listeners.Count);
    }

    /// <summary>A connection whose client takes little into its socket buffer, so the server feels a stalled reader soon.</summary>
    private static async ValueTask<Stream> TinyReceiveBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
