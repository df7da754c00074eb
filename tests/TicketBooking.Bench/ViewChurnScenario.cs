using System.Diagnostics;
using TicketBooking.Demo;
using TicketBooking.Inventory;

namespace TicketBooking.Bench;

/// <summary>
/// Viewers of the 50,000-seat stadium event (20 sections of 2,500 seats) while its seats keep changing: N concurrent
/// connections (64), four in five reading the event view and one in five a section listing (a random section), first
/// with no writes, then with holds taken and released continuously in the background (H holds a second, half released
/// again after a moment, the rest lapsing after 1 to 5 seconds). Options: --connections N, --seconds S, --churn H (500),
/// --listing-connections L (connections / 5; 0 measures the event view alone).
/// </summary>
public static class ViewChurnScenario
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Url is not null)
        {
            Console.Error.WriteLine("view-churn writes through the server's own inventory: it runs the local host in process; drop --url.");
            return 2;
        }

        var connections = options.Connections ?? 64;
        var listingConnections = Math.Clamp(options.Int("listing-connections", connections / 5), 0, connections - 1);
        var viewConnections = connections - listingConnections;
        var churn = options.Int("churn", 500);
        await using var server = await BenchServer.StartAsync(options, ["--Seed:Demo=true", "--Seed:EventCount=20"]);
        var inventory = server.Services!.GetRequiredService<ITicketInventory>();
        var stadium = DemoCatalog.Stadium(DateTimeOffset.UtcNow);
        var eventPath = $"/api/event/{DemoCatalog.StadiumEventId}";
        var sections = stadium.Sections.Select(s => s.Name).ToArray();
        using var client = Load.NewClient(server.Url, connections);

        async Task<bool> Fetch(string path, CancellationToken ct)
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
            return response.IsSuccessStatusCode;
        }

        Task<bool> View(CancellationToken ct) => Fetch(eventPath, ct);
        Task<bool> Listing(int worker, CancellationToken ct) =>
            Fetch($"{eventPath}/tickets?section={sections[(worker + Random.Shared.Next(sections.Length)) % sections.Length]}", ct);

        async Task<(LoadResult View, LoadResult? Listing)> RoundAsync(string label, TimeSpan duration)
        {
            var views = Load.RunAsync($"GET {eventPath} ({label})", viewConnections, duration, (_, ct) => View(ct));
            var listings = listingConnections == 0
                ? Task.FromResult<LoadResult?>(null)
                : Load.RunAsync($"GET {eventPath}/tickets?section= ({label})", listingConnections, duration, Listing).ContinueWith(t => (LoadResult?)t.Result, TaskScheduler.Default);
            return (await views, await listings);
        }

        var warmup = TimeSpan.FromSeconds(options.Warmup);
        var duration = TimeSpan.FromSeconds(options.Seconds);
        await RoundAsync("warm-up", warmup);
        var quiet = await RoundAsync("no writes", duration);

        using var stop = new CancellationTokenSource();
        var writes = 0L;
        var writer = Task.Run(() => ChurnAsync(inventory, stadium.Sections, churn, () => Interlocked.Increment(ref writes), stop.Token));
        await RoundAsync("warm-up under churn", warmup);
        var writesBefore = Interlocked.Read(ref writes);
        var started = Stopwatch.GetTimestamp();
        var busy = await RoundAsync($"{churn} holds/s", duration);
        var writesPerSecond = (Interlocked.Read(ref writes) - writesBefore) / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await stop.CancelAsync();
        await writer;

        Load.PrintTable("view-churn: the 50,000-seat event viewed while holds change",
        [
            ("server", $"local host in process, embedded stores ({server.Url})"),
            ("connections", $"{connections} ({viewConnections} event view, {listingConnections} section listing of 2,500 seats)"),
            ("writes under churn", $"{writesPerSecond:F0} ticket writes/s (holds and releases; other holds lapse after 1-5 s)"),
            ("machine", $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}"),
        ], new[] { quiet.View, quiet.Listing, busy.View, busy.Listing }.OfType<LoadResult>().ToArray());

        var errors = busy.View.Errors + (busy.Listing?.Errors ?? 0);
        var pass = busy.View.P99Ms < 20 && errors == 0;
        Console.WriteLine();
        Console.WriteLine($"event view under churn: p99 {busy.View.P99Ms:F2} ms (target < 20 ms), errors {errors} -> {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 1;
    }

    /// <summary>The machine's 1-minute load average (other work on a shared machine skews every figure).</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>Takes single-seat holds at <paramref name="perSecond"/>, releasing every other one shortly after.</summary>
    private static async Task ChurnAsync(ITicketInventory inventory, IReadOnlyList<Catalog.SectionLayout> sections, int perSecond, Action wrote,
        CancellationToken cancellationToken)
    {
        var random = new Random(5);
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var clock = Stopwatch.StartNew();
        var due = TimeSpan.Zero;
        var toRelease = new Queue<(string Reservation, string Seat, TimeSpan At)>();
        var sequence = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                while (clock.Elapsed < due)
                {
                    await Task.Delay(1, cancellationToken);
                }

                due += interval;
                var section = sections[random.Next(sections.Count)];
                var seat = Ticket.IdOf(section.Name, 1 + random.Next(section.Rows), 1 + random.Next(section.SeatsPerRow));
                var reservation = $"churn-{sequence++}";
                var held = await inventory.HoldAsync(DemoCatalog.StadiumEventId, reservation, [seat],
                    DateTimeOffset.UtcNow.AddSeconds(1 + random.Next(5)), cancellationToken);
                if (held.Succeeded)
                {
                    wrote();
                    if (sequence % 2 == 0)
                    {
                        toRelease.Enqueue((reservation, seat, clock.Elapsed + TimeSpan.FromMilliseconds(200)));
                    }
                }

                while (toRelease.TryPeek(out var next) && next.At <= clock.Elapsed)
                {
                    toRelease.Dequeue();
                    if (await inventory.ReleaseAsync(DemoCatalog.StadiumEventId, next.Reservation, [next.Seat], cancellationToken) > 0)
                    {
                        wrote();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
