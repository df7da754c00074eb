using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Local;

namespace TicketBooking.Tests.Support;

/// <summary>
/// The local host on real Kestrel (127.0.0.1, a free port), for tests that read long-lived streams over real sockets.
/// Embedded stores unless the settings say otherwise; rate limits far above what the tests send.
/// </summary>
public sealed class LiveHost : IAsyncDisposable
{
    private LiveHost(WebApplication app, Uri address)
    {
        App = app;
        Client = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public ITicketInventory Inventory => Services.GetRequiredService<ITicketInventory>();

    public static async Task<LiveHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0", "--environment", "Testing", "--Seed:Demo=false", "--Logging:LogLevel:Default=Warning",
            "--RateLimits:AnonymousReads=100000", "--RateLimits:AnonymousReadsBurst=100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        var (app, address) = await KestrelApp.StartAsync(LocalHost.Create([.. args]));
        return new LiveHost(app, address);
    }

    /// <summary>An event on sale with <paramref name="sections"/> sections of <paramref name="rows"/> x <paramref name="seatsPerRow"/> seats.</summary>
    public async Task<EventRecord> AddEventAsync(int sections = 2, int rows = 5, int seatsPerRow = 10)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new EventRecord("evt-live-" + Guid.NewGuid().ToString("N")[..10], "Live test", ["Band"], "concert", "",
            new Venue("Hall", "Oslo", "Street 1"), now.AddDays(30),
            [.. Enumerable.Range(0, sections).Select(i => new SectionLayout($"S{i + 1}", rows, seatsPerRow, 50m, "EUR"))],
            EventStatus.Creating, "organizer-1", now);
        return await Services.GetRequiredService<EventCatalog>().AddAsync(record, CancellationToken.None);
    }

    /// <summary>Opens the event's seat stream (headers read, body not yet).</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string eventId, string? lastEventId = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/event/{eventId}/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        return await (client ?? Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
