using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace TicketBooking.Bench;

/// <summary>
/// The listeners of the surge, in a process of their own (scenario <c>surge-listeners</c>, started by
/// <see cref="ListenerProcess"/>), as the people watching an on-sale are on machines of their own: their reading
/// does not take the thread pool or the collections of the host they measure. L listeners hold
/// <c>GET /api/event/{eventId}/stream</c> open and time every change from the moment the surge announced its write
/// (just before the write started) to the moment they read it. A batch keeps each seat's latest change, so a hold
/// released before its batch went out arrives as the release: the hold counts as delivered then (superseded).
/// On standard input, one line each: <c>w KEY...</c> (writes about to start; answered <c>ok</c>), <c>r KEY...</c>
/// (writes refused), <c>end N</c> (N changes were written: wait for them, at most 10 s, then answer
/// <c>result JSON</c>). On standard output first <c>connected N</c>, once the listeners are open (at most 60 s).
/// Options: --url, --event, --listeners.
/// </summary>
public static class SurgeListeners
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var eventId = options.Extra["event"];
        var listeners = options.Int("listeners", 2000);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = listeners + 10,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        })
        { BaseAddress = new Uri(options.Url!), Timeout = Timeout.InfiniteTimeSpan };

        // When each change was announced: "ticketId/status" -> Stopwatch timestamp.
        var written = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var writtenAt = written.GetAlternateLookup<ReadOnlySpan<char>>();
        var latencies = new ConcurrentBag<double[]>();
        var received = new long[listeners];
        var slot = -1;
        var connectTimes = new ConcurrentBag<double>();
        // What the first listener received, to name a change that did not arrive.
        var firstListenerSaw = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        long delivered = 0;
        long superseded = 0;
        var ended = 0;
        var connected = 0;
        using var stop = new CancellationTokenSource();

        async Task ListenAsync()
        {
            var mine = new List<double>(4096);
            var heldSeen = new HashSet<string>(StringComparer.Ordinal);
            var me = Interlocked.Increment(ref slot);

            void Saw(string key)
            {
                if (me == 0)
                {
                    firstListenerSaw.TryAdd(key, 0);
                }
            }
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync($"/api/event/{eventId}/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return;
                }

                await SeatStreamScan.ReadAsync(await response.Content.ReadAsStreamAsync(stop.Token),
                    firstAt =>
                    {
                        connectTimes.Add(Stopwatch.GetElapsedTime(t0, firstAt).TotalMilliseconds);
                        Interlocked.Increment(ref connected);
                    },
                    (key, receivedAt) =>
                    {
                        if (!writtenAt.TryGetValue(key, out var at))
                        {
                            return;
                        }

                        // A seat's hold that the stream left out because the seat changed again before it went out
                        // (changes within one batch keep each seat's latest) arrives with the seat's next change.
                        var slash = key.LastIndexOf('/');
                        if (key[(slash + 1)..] is "available" && heldSeen.Add(key[..slash].ToString()) is true
                            && writtenAt.TryGetValue(string.Concat(key[..slash], "/held"), out var heldAt))
                        {
                            mine.Add(Stopwatch.GetElapsedTime(heldAt, receivedAt).TotalMilliseconds);
                            Interlocked.Increment(ref superseded);
                            Saw(string.Concat(key[..slash], "/held"));
                        }
                        else if (key[(slash + 1)..] is "held")
                        {
                            heldSeen.Add(key[..slash].ToString());
                        }

                        mine.Add(Stopwatch.GetElapsedTime(at, receivedAt).TotalMilliseconds);
                        Volatile.Write(ref received[me], mine.Count);
                        Saw(key.ToString());
                    }, stop.Token);

                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref ended);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref ended);
                }
            }
            finally
            {
                latencies.Add([.. mine]);
                Interlocked.Add(ref delivered, mine.Count);
            }
        }

        var listening = new List<Task>(listeners);
        for (var i = 0; i < listeners; i++)
        {
            listening.Add(Task.Run(ListenAsync));
            if (i % 100 == 99)
            {
                await Task.Delay(20);
            }
        }

        var openBy = Stopwatch.StartNew();
        while (Volatile.Read(ref connected) < listeners && openBy.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        Console.WriteLine($"connected {Volatile.Read(ref connected)}");
        long writes = 0;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["w", ..])
            {
                var at = Stopwatch.GetTimestamp();
                foreach (var key in parts[1..])
                {
                    written[key] = at;
                }

                Console.WriteLine("ok");
            }
            else if (parts is ["r", ..])
            {
                foreach (var key in parts[1..])
                {
                    written.TryRemove(key, out _);
                }
            }
            else if (parts is ["end", var count])
            {
                writes = long.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
        }

        // Let the last changes arrive (at most 10 s), then close every stream.
        var draining = Stopwatch.StartNew();
        while (received.Sum() < writes * Volatile.Read(ref connected) && draining.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await Task.WhenAll(listening);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var connects = connectTimes.Order().ToArray();
        var lastWrite = written.Values.DefaultIfEmpty().Max();
        var missed = string.Join(", ", written.Where(w => !firstListenerSaw.ContainsKey(w.Key)).OrderBy(w => w.Value).Take(4)
            .Select(w => $"{w.Key} written {Stopwatch.GetElapsedTime(w.Value, lastWrite).TotalSeconds:F1} s before the last"));
        var result = new ListenerResult(connected, Load.Percentile(connects, 0.5), Load.Percentile(connects, 0.99), delivered,
            Load.Percentile(all, 0.5), Load.Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1], ended, missed, superseded);
        Console.WriteLine("result " + JsonSerializer.Serialize(result));
        return 0;
    }
}
