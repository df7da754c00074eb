using TicketBooking.Demo;

namespace TicketBooking.Bench;

/// <summary>
/// GET /api/event/{id} of the 50,000-seat stadium event at N concurrent connections, next to a ceiling measured in
/// the same run: a bare endpoint on the same server returning a precomputed payload of the same size.
/// </summary>
public static class ViewScenario
{
    private const string CeilingRoute = "/bench/ceiling";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var connections = options.Connections ?? 64;
        byte[] ceilingPayload = [];
        await using var server = await BenchServer.StartAsync(options, ["--Seed:Demo=true", "--Seed:EventCount=20"], app =>
            app.MapGet(CeilingRoute, () => Results.Bytes(ceilingPayload, "application/json; charset=utf-8")));
        using var client = Load.NewClient(server.Url, connections);

        var eventPath = $"/api/event/{options.Extra.GetValueOrDefault("event", DemoCatalog.StadiumEventId)}";
        var sample = await client.GetByteArrayAsync(eventPath);
        ceilingPayload = new byte[sample.Length];
        Array.Fill(ceilingPayload, (byte)' ');

        async Task<bool> Fetch(string path, CancellationToken ct)
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
            return response.IsSuccessStatusCode;
        }

        var warmup = TimeSpan.FromSeconds(options.Warmup);
        var duration = TimeSpan.FromSeconds(options.Seconds);
        await Load.RunAsync("warm-up", connections, warmup, (_, ct) => Fetch(eventPath, ct));
        await Load.RunAsync("warm-up", connections, warmup, (_, ct) => Fetch(CeilingRoute, ct));

        // Alternate the two runs so neither gains from running later (JIT tiers, GC heap sizing).
        var results = new List<LoadResult>();
        for (var round = 1; round <= 2; round++)
        {
            results.Add(await Load.RunAsync($"ceiling: bare endpoint, same payload size (round {round})", connections, duration, (_, ct) => Fetch(CeilingRoute, ct)));
            results.Add(await Load.RunAsync($"GET {eventPath} (round {round})", connections, duration, (_, ct) => Fetch(eventPath, ct)));
        }

        var ceiling = results.Where((_, i) => i % 2 == 0).MaxBy(r => r.PerSecond)!;
        var view = results.Where((_, i) => i % 2 == 1).MaxBy(r => r.PerSecond)!;
        Load.PrintTable("view: GET /api/event/{eventId} (50,000-seat event)",
        [
            ("server", options.Url ?? $"local host in process, embedded stores ({server.Url})"),
            ("connections", connections.ToString()),
            ("payload bytes", sample.Length.ToString()),
            ("machine", $"{Environment.ProcessorCount} cores, .NET {Environment.Version}"),
        ], results);

        var ratio = view.PerSecond / ceiling.PerSecond;
        var pass = ratio >= 0.5 && view.P99Ms < 20 && view.Errors == 0;
        Console.WriteLine();
        Console.WriteLine($"view/ceiling: {ratio:P0} (target >= 50%), p99 {view.P99Ms:F2} ms (target < 20 ms), errors {view.Errors} -> {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 1;
    }
}
