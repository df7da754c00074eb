using System.Diagnostics;

namespace TicketBooking.Bench;

/// <summary>Latency figures of one measured run.</summary>
public sealed record LoadResult(string Name, long Requests, long Errors, double Seconds, double P50Ms, double P99Ms, double MaxMs)
{
    public double PerSecond => Requests / Seconds;
}

/// <summary>A closed-loop load: N workers each sending the next request as soon as the last one answered.</summary>
public static class Load
{
    public static async Task<LoadResult> RunAsync(string name, int workers, TimeSpan duration, Func<int, CancellationToken, Task<bool>> request)
    {
        using var stop = new CancellationTokenSource(duration);
        var latencies = new List<double>[workers];
        var errors = new long[workers];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            while (!stop.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await request(w, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (!ok)
                {
                    errors[w]++;
                }
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length, errors.Sum(), seconds, Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1]);
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public static HttpClient NewClient(string baseUrl, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        UseCookies = false,
    })
    { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

    public static void PrintTable(string title, IEnumerable<(string Label, string Value)> header, IEnumerable<LoadResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"## {title}");
        foreach (var (label, value) in header)
        {
            Console.WriteLine($"{label}: {value}");
        }

        Console.WriteLine();
        Console.WriteLine("| run | requests | errors | req/s | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Name} | {r.Requests} | {r.Errors} | {r.PerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F1} |");
        }
    }
}
