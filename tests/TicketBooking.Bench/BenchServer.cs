using TicketBooking.Local;
using TicketBooking.Testing;

namespace TicketBooking.Bench;

/// <summary>The local host started in this process on a free loopback port (or an external one given by --url).</summary>
public sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication? _app;

    private BenchServer(string url, WebApplication? app)
    {
        Url = url;
        _app = app;
    }

    /// <summary>Rate limits far above any bench load, so results measure the service, not its abuse limits.</summary>
    private static readonly string[] Unlimited =
    [
        "--RateLimits:Reserve=1000000", "--RateLimits:Confirm=1000000", "--RateLimits:Cancel=1000000",
        "--RateLimits:AnonymousReads=1000000", "--RateLimits:AnonymousReadsBurst=1000000", "--RateLimits:QueueJoin=1000000",
        "--RateLimits:MaxPartitions=1000000",
    ];

    public string Url { get; }

    public IServiceProvider? Services => _app?.Services;

    public static async Task<BenchServer> StartAsync(BenchOptions options, string[] settings, Action<WebApplication>? map = null)
    {
        if (options.Url is not null)
        {
            return new BenchServer(options.Url.TrimEnd('/'), null);
        }

        var args = new[] { "--urls", Loopback.AnyPort, "--Logging:LogLevel:Default=Warning" }.Concat(Unlimited).Concat(settings).ToArray();
        var app = LocalHost.Create(args);
        map?.Invoke(app);
        await app.StartAsync();
        return new BenchServer(app.Urls.Single(), app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
