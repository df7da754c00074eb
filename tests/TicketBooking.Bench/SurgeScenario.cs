using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using TicketBooking.Auth;
using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.Inventory;

namespace TicketBooking.Bench;

/// <summary>
/// An on-sale surge against the local host in process: L listeners (in a process of their own, <see cref="SurgeListeners"/>)
/// hold the event's live seat stream open
/// (<c>GET /api/event/{eventId}/stream</c>) while seats are held and released at W writes a second, each write a
/// hold or release of two seats through the inventory (as a reserve or an expiry makes it). Every listener times
/// every change from the moment its write started to the moment the listener read it.
/// Alongside, when the host serves the waiting room: U users join the event's queue within J seconds, admitted at A a
/// minute (<see cref="SurgeJoins"/>).
/// Embedded (in-memory stores, the in-process join queue) by default; <c>--emulated</c> runs the host in emulated mode:
/// the data in the Cosmos-protocol server, the Durable task hub in Azurite, and the join queue on the Service Bus test
/// broker (its own process) through the real Service Bus client.
/// Options: --listeners L (2000), --writes W (20), --seconds S (20), --users U (20000, 0 for none), --join-seconds J (10),
/// --admit A (6000), --sample-every N (every Nth joiner polls its entry every 200 ms until it has a position: 40, or 200
/// in emulated mode, where each poll is a read of the Cosmos-protocol server the drain writes to), --emulated.
/// </summary>
public static class SurgeScenario
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Url is not null)
        {
            Console.Error.WriteLine("surge writes seats through the server's own inventory: it runs the local host in process; drop --url.");
            return 2;
        }

        var listeners = options.Int("listeners", 2000);
        var writesPerSecond = options.Int("writes", 20);
        var duration = TimeSpan.FromSeconds(options.Seconds is 10 ? 20 : options.Seconds);
        var emulated = options.Extra.ContainsKey("emulated");
        await using var emulators = emulated ? await BenchEmulators.StartAsync() : null;
        await using var serviceBus = emulated ? await BenchServiceBus.StartAsync("joins") : null;
        string[] mode = emulated ? [.. emulators!.Settings, .. serviceBus!.Settings("joins")] : [];
        await using var server = await BenchServer.StartAsync(options,
        [
            "--Seed:Demo=false", $"--Streams:MaxListenersPerKey={listeners + 100}", $"--Streams:MaxListenersPerInstance={listeners + 100}",
            "--Logging:LogLevel:Default=Warning", .. mode,
        ]);
        var services = server.Services!;
        var inventory = services.GetRequiredService<ITicketInventory>();
        var catalog = services.GetRequiredService<EventCatalog>();
        var record = await AddEventAsync(catalog, "bench-surge");
        var seats = EventCatalog.TicketsOf(record).Select(t => t.TicketId).ToArray();

        // The waiting room half: U users join within T seconds while the stream half writes.
        using var joinClient = Load.NewClient(server.Url, 512);
        var issuer = services.GetRequiredService<LocalTokenIssuer>();
        var admitPerMinute = options.Int("admit", 6000);
        var warmUpEvent = await AddEventAsync(catalog, "bench-surge-warm-up");
        var joins = options.Int("users", 20_000) > 0 && await SurgeJoins.EnableAsync(joinClient, issuer, record.Id, admitPerMinute)
            && await SurgeJoins.EnableAsync(joinClient, issuer, warmUpEvent.Id, admitPerMinute)
            ? new SurgeJoins(joinClient, issuer, record.Id, warmUpEvent.Id, options.Int("users", 20_000), TimeSpan.FromSeconds(options.Int("join-seconds", 10)),
                admitPerMinute, options.Int("sample-every", emulated ? 200 : 40), measureAdmission: duration)
            : null;
        SurgeJoinResult? joined = null;
        if (joins is not null)
        {
            await joins.IssueTokensAsync();
        }

        var stream = await StreamHalfAsync(server.Url, record.Id, inventory, seats, listeners, writesPerSecond, duration,
            slice => joins is null ? Task.CompletedTask : joins.WarmUpAsync(slice),
            () => joins is null ? Task.CompletedTask : joins.AwaitWarmUpOrderedAsync(),
            async () => joined = joins is null ? null : await joins.RunAsync());
        var peak = PeakMemoryBytes();

        Console.WriteLine();
        Console.WriteLine($"## surge: {listeners} listeners on one event's seat stream, {writesPerSecond} seat writes/s for {duration.TotalSeconds:F0} s");
        Console.WriteLine(emulated
            ? "mode: emulated (Cosmos-protocol server, Azurite, the Service Bus test broker through the real client; each in its own process)"
            : "mode: embedded (in-memory stores, the in-process join queue)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; the host and the joiners in one process, the listeners in another; GC {stream.Runtime.GcMode}");
        Console.WriteLine();
        Console.WriteLine("| measure | value | target |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine($"| stream connections open (of {listeners}) | {stream.Connected} | {listeners} |");
        Console.WriteLine($"| connect to first snapshot p50 / p99 | {stream.ConnectP50:F0} / {stream.ConnectP99:F0} ms | |");
        Console.WriteLine($"| seat changes written (holds or releases refused) | {stream.Written} ({stream.Refusals}) | (0) |");
        Console.WriteLine($"| changes delivered (all listeners) / expected; of them superseded (a hold that went out as its release) | {stream.Delivered} / {stream.Expected}; {stream.Superseded} | all |");
        Console.WriteLine($"| stream delivery latency p50 / p99 / max (write to receipt) | {stream.P50:F0} / {stream.P99:F0} / {stream.Max:F0} ms | p99 < 1000 ms |");
        if (stream.FirstListenerMissed.Length > 0)
        {
            Console.WriteLine($"| changes the first listener did not receive (the first few) | {stream.FirstListenerMissed} | none |");
        }

        Console.WriteLine($"| listeners dropped or ended early | {stream.Ended} | 0 |");
        Console.WriteLine($"| warm-up: the same writes on other seats and the joins on another event's room, until the JIT settled | {stream.WarmUp.Elapsed.TotalSeconds:F0} s, {stream.WarmUp.CompiledPerSecond} methods compiled in its last second (settled below {JitWarmUp.SettledPerSecond}/s) | |");
        var w = stream.Runtime;
        Console.WriteLine($"| while writing ({w.Seconds:F0} s): wait for a thread-pool thread p50 / p99 / max | {w.DispatchP50:F1} / {w.DispatchP99:F1} / {w.DispatchMax:F0} ms | |");
        Console.WriteLine($"| while writing: collections gen0 / gen1 / gen2, total pause; allocated; CPU | {w.Gen0} / {w.Gen1} / {w.Gen2}, {w.GcPauseMs:F0} ms; {w.AllocatedMiBPerSecond:F0} MiB/s; {w.CoresUsed:F2} cores | |");
        Console.WriteLine($"| while writing: methods compiled (JIT time) | {w.MethodsCompiled} ({w.JitMs:F0} ms) | |");
        if (stream.OtherProcesses.Length > 0)
        {
            Console.WriteLine($"| CPU of the other processes while writing and joining | {stream.OtherProcesses} | |");
        }

        Console.WriteLine($"| peak memory (VmHWM, the host and the joiners) | {peak / 1024.0 / 1024.0:F0} MiB | < 1024 MiB |");
        if (joined is { } j)
        {
            Console.WriteLine($"| joins accepted / errors | {j.Joined} / {j.Errors} | all / 0 |");
            Console.WriteLine($"| join latency p50 / p99 | {j.JoinP50:F0} / {j.JoinP99:F0} ms | p99 < 50 ms |");
            Console.WriteLine($"| join to an ordered position p99 (sampled {j.Ordered} of {j.Sampled}, polled every 200 ms) | {j.OrderedP99:F0} ms | < 2000 ms |");
            Console.WriteLine(double.IsNaN(j.AdmittedPerMinute)
                ? $"| admission rate achieved / setting | not measured: nobody waited (fewer ordered than {j.AdmitPerMinute} a minute admits) | within 5% |"
                : $"| admission rate achieved / setting | {j.AdmittedPerMinute:F0} / {j.AdmitPerMinute} a minute | within 5% |");
            var r = j.Runtime;
            Console.WriteLine($"| join, server's own duration p50 / p99 / max ({r.Requests} joins) | {r.ServerP50:F1} / {r.ServerP99:F1} / {r.ServerMax:F0} ms | |");
            Console.WriteLine($"| wait for a thread-pool thread p50 / p99 / max (while joining) | {r.DispatchP50:F1} / {r.DispatchP99:F1} / {r.DispatchMax:F0} ms | |");
            Console.WriteLine($"| thread pool: longest queue / most threads | {r.MaxPending} / {r.MaxThreads} | |");
            Console.WriteLine($"| while joining ({r.Seconds:F0} s): collections gen0 / gen1 / gen2, total pause; allocated; CPU | {r.Gen0} / {r.Gen1} / {r.Gen2}, {r.GcPauseMs:F0} ms; {r.AllocatedMiBPerSecond:F0} MiB/s; {r.CoresUsed:F2} cores | |");
            Console.WriteLine($"| while joining: lock contentions; methods compiled (JIT time) | {r.LockContentions}; {r.MethodsCompiled} ({r.JitMs:F0} ms) | |");
        }
        else
        {
            Console.WriteLine("| waiting room | not measured (--users 0, or the host has no waiting room routes) | |");
        }

        var joinsPass = joined is null || (joined.Errors == 0 && joined.JoinP99 < 50 && joined.Ordered == joined.Sampled && joined.OrderedP99 < 2000
            && Math.Abs(joined.AdmittedPerMinute - joined.AdmitPerMinute) <= joined.AdmitPerMinute * 0.05);
        var pass = stream.Connected == listeners && stream.P99 < 1000 && peak < 1024L * 1024 * 1024 && joinsPass;
        Console.WriteLine();
        Console.WriteLine($"surge{(emulated ? " --emulated" : "")} -> {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 1;
    }

    private sealed record StreamResult(int Connected, double ConnectP50, double ConnectP99, long Written, long Expected, long Delivered,
        double P50, double P99, double Max, int Ended, RuntimeReport Runtime, string OtherProcesses, WarmUpResult WarmUp, int Refusals, string FirstListenerMissed, long Superseded);

    /// <summary>Opens the listeners (in their own process), writes for the duration, and gathers every listener's delivery latencies.</summary>
    private static async Task<StreamResult> StreamHalfAsync(string url, string eventId, ITicketInventory inventory, string[] seats, int listeners,
        int writesPerSecond, TimeSpan duration, Func<TimeSpan, Task> warmUp, Func<Task> afterWarmUp, Func<Task> during)
    {
        await using var listening = await ListenerProcess.StartAsync(url, eventId, listeners);

        // Warm-up: the same writes (on the other half of the seats, not timed) and the joins on another event, until the
        // JIT has settled, so the measured span measures the code rather than its compilation.
        // The probes run too: their own hooks are compiled before they measure.
        var warmHalf = new Writer(inventory, eventId, seats[(seats.Length / 2)..], writesPerSecond, null);
        WarmUpResult warmed;
        using (var warmStream = new RuntimeProbe((_, _) => false))
        using (var warmJoins = new RuntimeProbe((method, route) => method == "POST" && route?.EndsWith(ApiRoutes.QueueJoin, StringComparison.Ordinal) == true))
        {
            warmStream.Start();
            warmJoins.Start();
            warmed = await JitWarmUp.RunAsync(TimeSpan.FromSeconds(3), slice => Task.WhenAll(warmHalf.RunAsync(slice), warmUp(slice)));
            warmJoins.Stop();
            warmStream.Stop();
        }

        await afterWarmUp();

        // The waiting room's joins run alongside the writes.
        var childrenBefore = ChildProcesses.CpuSeconds();
        var span = Stopwatch.StartNew();
        var alongside = Task.Run(during);
        using var probe = new RuntimeProbe((_, _) => false);
        probe.Start();
        var measured = new Writer(inventory, eventId, seats[..(seats.Length / 2)], writesPerSecond, listening);
        await measured.RunAsync(duration);
        var writes = measured.Writes;
        var runtime = probe.Stop();
        await alongside;
        var childrenAfter = ChildProcesses.CpuSeconds();
        var others = string.Join(", ", childrenAfter.Select(c =>
            $"{c.Key} {(c.Value - childrenBefore.GetValueOrDefault(c.Key)) / span.Elapsed.TotalSeconds:F2}"));

        var heard = await listening.FinishAsync(writes);
        return new StreamResult(heard.Connected, heard.ConnectP50, heard.ConnectP99, writes, writes * heard.Connected, heard.Delivered, heard.P50,
            heard.P99, heard.Max, heard.Ended, runtime, others.Length == 0 ? "" : $"{others} (cores, over {span.Elapsed.TotalSeconds:F0} s)", warmed,
            measured.Refusals, heard.FirstListenerMissed, heard.Superseded);
    }

    /// <summary>
    /// Seat writes at a steady rate: every tick holds two fresh seats, or releases a pair held a second earlier; each
    /// change ("ticketId/status") is announced to the listeners just before its write, when they are given.
    /// </summary>
    private sealed class Writer(ITicketInventory inventory, string eventId, string[] seats, int writesPerSecond, ListenerProcess? listeners)
    {
        private readonly DateTimeOffset _until = DateTimeOffset.UtcNow.AddHours(1);
        private readonly Queue<(string Reservation, string[] Seats)> _held = new();
        private int _next;
        private int _ticks;

        /// <summary>Seat changes written so far.</summary>
        public long Writes { get; private set; }

        /// <summary>Holds or releases the inventory refused (none expected: every seat is written by this writer alone).</summary>
        public int Refusals { get; private set; }

        public async Task RunAsync(TimeSpan duration)
        {
            var interval = TimeSpan.FromSeconds(1.0 / writesPerSecond);
            var started = Stopwatch.GetTimestamp();
            for (var tick = 0; Stopwatch.GetElapsedTime(started) < duration && _next + 2 <= seats.Length; tick++, _ticks++)
            {
                var due = interval * tick - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                if (_ticks % 2 == 1 && _held.Count > writesPerSecond / 2)
                {
                    var (reservation, pair) = _held.Dequeue();
                    await AnnounceAsync(pair, "available");
                    if (await inventory.ReleaseAsync(eventId, reservation, pair) != pair.Length)
                    {
                        await RefusedAsync(pair, "available");
                        continue;
                    }
                }
                else
                {
                    var pair = new[] { seats[_next], seats[_next + 1] };
                    _next += 2;
                    var reservation = $"surge-{pair[0]}";
                    await AnnounceAsync(pair, "held");
                    if (!(await inventory.HoldAsync(eventId, reservation, pair, _until)).Succeeded)
                    {
                        await RefusedAsync(pair, "held");
                        continue;
                    }

                    _held.Enqueue((reservation, pair));
                }

                Writes += 2;
            }
        }

        /// <summary>A refused write changed nothing: no listener is to expect it.</summary>
        private async Task RefusedAsync(string[] pair, string status)
        {
            Refusals++;
            if (listeners is not null)
            {
                await listeners.RefusedAsync(pair.Select(seat => $"{seat}/{status}"));
            }
        }

        private async Task AnnounceAsync(string[] pair, string status)
        {
            if (listeners is not null)
            {
                await listeners.AnnounceAsync(pair.Select(seat => $"{seat}/{status}"));
            }
        }
    }

    private static async Task<EventRecord> AddEventAsync(EventCatalog catalog, string id)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new EventRecord(id, "Surge", ["Band"], "concert", "", new Venue("Arena", "Oslo", "Street 1"), now.AddDays(30),
            [.. Enumerable.Range(1, 20).Select(i => new SectionLayout($"S{i}", 20, 25, 80m, "EUR"))], EventStatus.Creating, "bench", now);
        return await catalog.AddAsync(record, CancellationToken.None);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static long PeakMemoryBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
