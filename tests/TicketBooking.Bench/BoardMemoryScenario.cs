using System.Diagnostics;
using System.Globalization;
using TicketBooking.Catalog;
using TicketBooking.Inventory;

namespace TicketBooking.Bench;

/// <summary>
/// The availability board's memory under a catalogue bigger than its budget: E events (10,000) of S seats (200), every
/// event viewed in turn over HTTP (its event view and one section listing), with the process's working set and managed
/// heap sampled before, during (max) and after. Each budget runs in a fresh process of this program so one run's heap
/// does not colour the next. Options: --events E, --seats S (a multiple of 50), --budgets B1,B2 (200000,1000000000),
/// --connections N (8).
/// </summary>
public static class BoardMemoryScenario
{
    private const string RowMarker = "ROW|";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Url is not null)
        {
            Console.Error.WriteLine("board-memory measures the server's own memory: it runs the local host in process; drop --url.");
            return 2;
        }

        if (options.Extra.TryGetValue("budget", out var budget))
        {
            return await MeasureAsync(options, long.Parse(budget, CultureInfo.InvariantCulture));
        }

        var events = options.Int("events", 10_000);
        var seats = options.Int("seats", 200);
        var budgets = options.Extra.GetValueOrDefault("budgets", "200000,1000000000").Split(',');
        var rows = new List<string>();
        foreach (var b in budgets)
        {
            var row = await RunChildAsync(options, b.Trim());
            if (row is null)
            {
                return 1;
            }

            rows.Add(row);
        }

        Console.WriteLine();
        Console.WriteLine($"## board-memory: {events:N0} events of {seats} seats ({(long)events * seats:N0} seats), each viewed once (event view + one section listing)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; embedded stores (the ticket store itself holds every seat)");
        Console.WriteLine();
        Console.WriteLine("| Board:MaxSeats | board seats max / after | events held after | evictions | working set MiB before / max / after | managed heap MiB before / max / after | views/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    private static async Task<string?> RunChildAsync(BenchOptions options, string budget)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BoardMemoryScenario).Assembly.Location);
        }

        start.ArgumentList.Add("board-memory");
        foreach (var (key, value) in options.Extra.Where(e => e.Key is not ("budgets" or "budget")))
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        start.ArgumentList.Add("--budget");
        start.ArgumentList.Add(budget);
        using var child = Process.Start(start)!;
        string? row = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(RowMarker, StringComparison.Ordinal))
            {
                row = line[RowMarker.Length..];
            }
            else
            {
                Console.WriteLine(line);
            }
        }

        await child.WaitForExitAsync();
        if (row is not null)
        {
            Console.WriteLine(row);
        }

        if (child.ExitCode != 0 || row is null)
        {
            Console.Error.WriteLine($"the run with budget {budget} failed (exit code {child.ExitCode})");
            return null;
        }

        return row;
    }

    private static async Task<int> MeasureAsync(BenchOptions options, long budget)
    {
        var eventCount = options.Int("events", 10_000);
        var seats = options.Int("seats", 200);
        var connections = options.Connections ?? 8;
        await using var server = await BenchServer.StartAsync(options, ["--Seed:Demo=false", $"--Board:MaxSeats={budget}"]);
        var services = server.Services!;
        var catalog = services.GetRequiredService<EventCatalog>();
        var board = services.GetRequiredService<AvailabilityBoard>();

        var now = DateTimeOffset.UtcNow;
        var ids = new string[eventCount];
        for (var i = 0; i < eventCount; i++)
        {
            var sections = Enumerable.Range(1, Math.Max(1, seats / 50)).Select(s => new SectionLayout($"S{s}", 5, 10, 50m, "USD")).ToArray();
            var record = new EventRecord($"evt-mem-{i:D5}", $"Bench event {i}", ["Bench"], "concert", "", new Venue("Arena", "Bench City", ""),
                now.AddDays(30 + i % 60), sections, EventStatus.Scheduled, "bench", now);
            ids[i] = (await catalog.AddAsync(record, CancellationToken.None)).Id;
        }

        var before = Measure(board);
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Max(peak, Measure(board, collect: false));
                await Task.Delay(50);
            }
        });

        using var client = Load.NewClient(server.Url, connections);
        var next = -1;
        var errors = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < ids.Length; i = Interlocked.Increment(ref next))
            {
                using var view = await client.GetAsync($"/api/event/{ids[i]}");
                using var listing = await client.GetAsync($"/api/event/{ids[i]}/tickets?section=S1");
                if (!view.IsSuccessStatusCode || !listing.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var viewsPerSecond = ids.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        peak = Max(peak, Measure(board, collect: false));
        var after = Measure(board);

        Console.WriteLine($"budget {budget}: {errors} errors");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{RowMarker}| {budget:N0} | {peak.BoardSeats:N0} / {after.BoardSeats:N0} | {board.Events:N0} | {board.Evictions:N0} | " +
            $"{before.WorkingSetMiB:F0} / {peak.WorkingSetMiB:F0} / {after.WorkingSetMiB:F0} | {before.HeapMiB:F0} / {peak.HeapMiB:F0} / {after.HeapMiB:F0} | {viewsPerSecond:F0} |"));
        // Loads in flight are counted before the eviction that follows them: allow one event per concurrent loader.
        return errors == 0 && peak.BoardSeats <= budget + (connections + 1L) * seats ? 0 : 1;
    }

    private sealed record Sample(double WorkingSetMiB, double HeapMiB, long BoardSeats);

    private static Sample Measure(AvailabilityBoard board, bool collect = true)
    {
        if (collect)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        using var process = Process.GetCurrentProcess();
        return new Sample(process.WorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0, board.Seats);
    }

    private static Sample Max(Sample a, Sample b) =>
        new(Math.Max(a.WorkingSetMiB, b.WorkingSetMiB), Math.Max(a.HeapMiB, b.HeapMiB), Math.Max(a.BoardSeats, b.BoardSeats));
}
