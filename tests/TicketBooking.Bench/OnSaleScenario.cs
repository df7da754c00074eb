using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Payments;

namespace TicketBooking.Bench;

/// <summary>
/// An on-sale over HTTP against the local host (embedded stores, in-memory Durable Task sidecar, payment simulator):
/// 1. reserve, uncontended: V users each holding a seat nobody else wants, as fast as they can (holds/s), and
///    together offering 500 holds/s (p50/p99 at that rate);
/// 2. reserve + confirm, contended: V users racing for M seats (best available), most paying, some abandoning, some
///    declined once; then waiting until every unconfirmed hold has expired;
/// 3. the invariants: sold &lt;= capacity, no seat in two bookings, every unconfirmed hold released, exactly one charge
///    per confirmed reservation and none for the others.
/// Before phase 1 a warm-up on another event runs until the JIT has settled (at most 30 s); each phase then reports
/// where its time went (<see cref="RuntimeProbe"/>: collections, CPU, the thread pool, methods compiled).
/// Options: --connections V (64), --seconds S (10), --tickets M (10000), --hold H seconds (15), --warmup S (3, the least).
/// </summary>
public static class OnSaleScenario
{
    private sealed record Flow(string UserId, string ReservationId, IReadOnlyList<string> TicketIds, bool Confirmed);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Url is not null)
        {
            Console.Error.WriteLine("onsale checks the server's own ledgers (seats, charges): it runs the local host in process; drop --url.");
            return 2;
        }

        var users = options.Connections ?? 64;
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var contended = options.Int("tickets", 10_000);
        var hold = TimeSpan.FromSeconds(options.Int("hold", 15));
        await using var server = await BenchServer.StartAsync(options,
        [
            "--Seed:Demo=false", $"--Booking:HoldDuration={hold}", "--Booking:PaymentGrace=00:00:05",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:TicketBooking=Warning",
        ]);
        var services = server.Services!;
        var catalog = services.GetRequiredService<EventCatalog>();
        var inventory = services.GetRequiredService<ITicketInventory>();
        var payments = services.GetRequiredService<SimulatedPaymentGateway>();
        var tokens = new TokenPool(services.GetRequiredService<LocalTokenIssuer>());
        using var client = Load.NewClient(server.Url, users * 2);

        // Events: a big one nobody fights over, one for the paced run, a warm-up one, and the contended on-sale of M seats
        // in sections of 100.
        var wide = await AddEventAsync(catalog, "bench-wide", sections: 40, rows: 50, seats: 50);
        var calm = await AddEventAsync(catalog, "bench-paced", sections: 20, rows: 20, seats: 40);
        var warm = await AddEventAsync(catalog, "bench-warm", sections: 10, rows: 20, seats: 40);
        var sale = await AddEventAsync(catalog, "bench-sale", sections: Math.Max(1, contended / 100), rows: 10, seats: 10);
        var wideSeats = EventCatalog.TicketsOf(wide).Select(t => t.TicketId).ToArray();
        var warmSeats = EventCatalog.TicketsOf(warm).Select(t => t.TicketId).ToArray();
        var calmSeats = EventCatalog.TicketsOf(calm).Select(t => t.TicketId).ToArray();
        await tokens.FillAsync(40_000);

        async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object body, string userId, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.For(userId));
            using var response = await client.SendAsync(request, ct);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return (response.StatusCode, json);
        }

        // 1. Uncontended holds (after a warm-up on another event).
        var next = -1;
        var calmNext = -1;
        var warmNext = -1;
        var warmUp = await JitWarmUp.RunAsync(TimeSpan.FromSeconds(options.Warmup), slice => Load.RunAsync("warm-up", users, slice, async (_, ct) =>
        {
            // Past its 8,000 seats, refused holds (409) keep the path warm without more holds to expire later.
            var i = Interlocked.Increment(ref warmNext) % warmSeats.Length;
            return (await SendAsync(HttpMethod.Post, "/api/booking/reserve", new { eventId = warm.Id, ticketIds = new[] { warmSeats[i] } }, $"w{i}", ct)).Status
                is HttpStatusCode.Created or HttpStatusCode.Conflict;
        }));
        // Where the time goes in each measured phase (collections, CPU, the thread pool, the server's own duration).
        using var probe = new RuntimeProbe((method, route) => method == "POST" && route?.EndsWith(ApiRoutes.Reserve, StringComparison.Ordinal) == true);
        probe.Start();
        var uncontended = await Load.RunAsync("POST /api/booking/reserve, uncontended (1 seat, fresh user)", users, duration, async (_, ct) =>
        {
            var i = Interlocked.Increment(ref next);
            return i < wideSeats.Length
                && (await SendAsync(HttpMethod.Post, "/api/booking/reserve", new { eventId = wide.Id, ticketIds = new[] { wideSeats[i] } }, $"a{i}", ct)).Status
                == HttpStatusCode.Created;
        });
        var uncontendedRuntime = probe.Stop();

        // Between phases: load the paced event's seat map (as its first viewers would) and start from a collected heap,
        // so the paced run measures serving at 500/s rather than the previous phase's garbage.
        using (await client.GetAsync($"/api/event/{calm.Id}"))
        {
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        // The same at the target rate: V users together offering 500 holds/s (each user sends on its own schedule), so
        // the latency is that of the service at that rate rather than the queueing of a saturated closed loop.
        probe.Start();
        var paced = await PacedAsync($"POST /api/booking/reserve, uncontended, {users} users offering {PacedRate}/s", users, PacedRate, duration,
            async ct =>
            {
                var i = Interlocked.Increment(ref calmNext);
                return i < calmSeats.Length
                    && (await SendAsync(HttpMethod.Post, "/api/booking/reserve", new { eventId = calm.Id, ticketIds = new[] { calmSeats[i] } }, $"p{i}", ct)).Status
                    == HttpStatusCode.Created;
            });

        var pacedRuntime = probe.Stop();

        // 2. The contended on-sale: reserve best available, then pay (10% abandon, 5% are declined once first).
        var reserveLatency = new ConcurrentBag<double>();
        var confirmLatency = new ConcurrentBag<double>();
        var flows = new ConcurrentBag<Flow>();
        long soldOut = 0, holds = 0, confirms = 0, declines = 0, errors = 0, userSeq = 0;
        var lastConfirmAt = 0L;
        var started = Stopwatch.GetTimestamp();
        using (var stop = new CancellationTokenSource(duration))
        {
            await Task.WhenAll(Enumerable.Range(0, users).Select(w => Task.Run(async () =>
            {
                var random = new Random(w);
                while (!stop.IsCancellationRequested)
                {
                    var userId = $"b{Interlocked.Increment(ref userSeq)}";
                    var section = $"S{random.Next(Math.Max(1, contended / 100)) + 1}";
                    try
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        var (status, body) = await SendAsync(HttpMethod.Post, "/api/booking/reserve",
                            new { eventId = sale.Id, section, quantity = random.Next(1, 3) }, userId, CancellationToken.None);
                        reserveLatency.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        if (status == HttpStatusCode.Conflict)
                        {
                            Interlocked.Increment(ref soldOut);
                            continue;
                        }

                        if (status != HttpStatusCode.Created)
                        {
                            Interlocked.Increment(ref errors);
                            continue;
                        }

                        Interlocked.Increment(ref holds);
                        var id = body.GetProperty("reservationId").GetString()!;
                        var seats = body.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString()!).ToArray();
                        var roll = random.NextDouble();
                        if (roll < 0.10)
                        {
                            flows.Add(new Flow(userId, id, seats, false));
                            continue;
                        }

                        if (roll < 0.15)
                        {
                            var d0 = Stopwatch.GetTimestamp();
                            var (declined, _) = await SendAsync(HttpMethod.Put, "/api/booking/confirm",
                                new { reservationId = id, paymentMethodId = "pm_card_chargeDeclined" }, userId, CancellationToken.None);
                            confirmLatency.Add(Stopwatch.GetElapsedTime(d0).TotalMilliseconds);
                            Interlocked.Increment(ref declines);
                            if (declined != HttpStatusCode.PaymentRequired)
                            {
                                Interlocked.Increment(ref errors);
                            }
                        }

                        var c0 = Stopwatch.GetTimestamp();
                        var (confirmed, _) = await SendAsync(HttpMethod.Put, "/api/booking/confirm",
                            new { reservationId = id, paymentMethodId = "pm_card_visa" }, userId, CancellationToken.None);
                        confirmLatency.Add(Stopwatch.GetElapsedTime(c0).TotalMilliseconds);
                        var ok = confirmed == HttpStatusCode.OK;
                        flows.Add(new Flow(userId, id, seats, ok));
                        if (ok)
                        {
                            Interlocked.Increment(ref confirms);
                            Interlocked.Exchange(ref lastConfirmAt, Stopwatch.GetTimestamp());
                        }
                        else
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            })));
        }

        var saleSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var activeSeconds = lastConfirmAt == 0 ? saleSeconds : Stopwatch.GetElapsedTime(started, lastConfirmAt).TotalSeconds;

        // 3. Wait for every unconfirmed hold to expire (HoldExpiry, or the orchestration once a payment was tried), then check the books.
        var waitStarted = Stopwatch.GetTimestamp();
        var deadline = DateTime.UtcNow + hold + TimeSpan.FromSeconds(180);
        IReadOnlyList<Ticket> saleTickets;
        IReadOnlyList<Ticket> wideTickets;
        do
        {
            await Task.Delay(500);
            saleTickets = await inventory.GetTicketsAsync(sale.Id);
            wideTickets = await inventory.GetTicketsAsync(wide.Id);
        }
        while ((saleTickets.Any(t => t.Status == TicketStatus.Held) || wideTickets.Any(t => t.Status == TicketStatus.Held)) && DateTime.UtcNow < deadline);
        var settleSeconds = Stopwatch.GetElapsedTime(waitStarted).TotalSeconds;
        var durable = services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>();
        foreach (var stuck in saleTickets.Concat(wideTickets).Where(t => t.Status == TicketStatus.Held).Select(t => t.ReservationId!).Distinct().Take(5))
        {
            var instance = await durable.GetInstanceAsync(stuck, getInputsAndOutputs: true);
            Console.WriteLine($"still held by {stuck}: orchestration {instance?.RuntimeStatus.ToString() ?? "none (no payment tried)"} " +
                $"{instance?.FailureDetails?.ErrorMessage} output={instance?.SerializedOutput} updated={instance?.LastUpdatedAt:O}");
        }

        var all = flows.ToArray();
        var confirmedFlows = all.Where(f => f.Confirmed).ToArray();
        var booked = saleTickets.Where(t => t.Status == TicketStatus.Booked).ToArray();
        var confirmedIds = confirmedFlows.Select(f => f.ReservationId).ToHashSet();
        var soldSeats = confirmedFlows.SelectMany(f => f.TicketIds).ToArray();
        var violations = new List<string>();
        void Check(bool ok, string what)
        {
            if (!ok)
            {
                violations.Add(what);
            }
        }

        Check(booked.Length <= sale.Capacity, $"sold {booked.Length} > capacity {sale.Capacity}");
        Check(soldSeats.Length == soldSeats.Distinct().Count(), "a seat is in two confirmed reservations");
        Check(booked.Length == soldSeats.Length, $"{booked.Length} seats booked but {soldSeats.Length} seats confirmed");
        Check(booked.All(t => t.ReservationId is not null && confirmedIds.Contains(t.ReservationId)), "a booked seat belongs to no confirmed reservation");
        Check(saleTickets.Count(t => t.Status == TicketStatus.Held) + wideTickets.Count(t => t.Status == TicketStatus.Held) == 0,
            $"{saleTickets.Count(t => t.Status == TicketStatus.Held) + wideTickets.Count(t => t.Status == TicketStatus.Held)} holds not released after expiry");
        Check(booked.Length + saleTickets.Count(t => t.Status == TicketStatus.Available) == sale.Capacity, "booked + available != capacity");
        Check(confirmedFlows.All(f => payments.ChargeCount(f.ReservationId) == 1), "a confirmed reservation was charged other than once");
        Check(all.Where(f => !f.Confirmed).All(f => payments.ChargeCount(f.ReservationId) == 0), "an unconfirmed reservation was charged");
        Check(payments.Refunds.Count == 0, $"{payments.Refunds.Count} refunds");

        var reserveSorted = reserveLatency.Order().ToArray();
        var confirmSorted = confirmLatency.Order().ToArray();
        Load.PrintTable("onsale: reserve and confirm over HTTP (embedded: in-memory stores, in-memory Durable Task sidecar, payment simulator)",
        [
            ("server", $"local host in process ({server.Url})"),
            ("virtual users", users.ToString()),
            ("contended seats (M)", sale.Capacity.ToString()),
            ("hold", hold.ToString()),
            ("machine", $"{Environment.ProcessorCount} cores, .NET {Environment.Version}"),
        ],
        [
            uncontended,
            paced,
            new LoadResult("POST /api/booking/reserve, contended (best available, 1-2 seats)", reserveSorted.Length, errors, saleSeconds,
                Load.Percentile(reserveSorted, 0.5), Load.Percentile(reserveSorted, 0.99), reserveSorted.Length == 0 ? 0 : reserveSorted[^1]),
            new LoadResult("PUT /api/booking/confirm, contended", confirmSorted.Length, 0, saleSeconds,
                Load.Percentile(confirmSorted, 0.5), Load.Percentile(confirmSorted, 0.99), confirmSorted.Length == 0 ? 0 : confirmSorted[^1]),
        ]);

        var holdsPerSecond = (uncontended.Requests - uncontended.Errors) / uncontended.Seconds;
        var flowsPerSecond = confirms / activeSeconds;
        Console.WriteLine();
        Console.WriteLine($"| measure | value | target |");
        Console.WriteLine($"|---|---:|---|");
        Console.WriteLine($"| holds/s, uncontended | {holdsPerSecond:F0} | >= 500 |");
        Console.WriteLine($"| p99 reserve, uncontended, {users} users at {PacedRate}/s | {paced.P99Ms:F1} ms | < 50 ms |");
        Console.WriteLine($"| p99 reserve, uncontended, {users} users saturating ({uncontended.PerSecond:F0}/s) | {uncontended.P99Ms:F1} ms | |");
        Console.WriteLine($"| full reserve+confirm flows/s, contended | {flowsPerSecond:F0} | >= 200 |");
        Console.WriteLine($"| holds, contended | {holds} ({holds / activeSeconds:F0}/s) | |");
        Console.WriteLine($"| confirms | {confirms} ({confirms / activeSeconds:F0}/s over {activeSeconds:F1} s) | |");
        Console.WriteLine($"| declined then paid | {declines} | |");
        Console.WriteLine($"| abandoned (left to expire) | {all.Count(f => !f.Confirmed)} | |");
        Console.WriteLine($"| sold out (409) | {soldOut} | |");
        Console.WriteLine($"| errors | {errors} | 0 |");
        Console.WriteLine($"| sold / capacity | {booked.Length} / {sale.Capacity} | sold <= capacity |");
        Console.WriteLine($"| all unconfirmed holds released | {settleSeconds:F1} s after the sale ended | all, by the expiry of lapsed holds and the orchestrations |");
        Console.WriteLine($"| charges: confirmed / succeeded / refunds | {confirmedFlows.Length} / {payments.Payments.Count(p => p.Status == PaymentStatus.Succeeded)} / {payments.Refunds.Count} | equal, 0 refunds |");
        Console.WriteLine($"| invariant violations | {violations.Count} | 0 |");
        foreach (var violation in violations)
        {
            Console.WriteLine($"  VIOLATION: {violation}");
        }

        Console.WriteLine();
        Console.WriteLine($"warm-up: {warmUp.Elapsed.TotalSeconds:F0} s, {warmUp.CompiledPerSecond} methods compiled in its last second (settled below {JitWarmUp.SettledPerSecond}/s)");
        Console.WriteLine($"GC: {uncontendedRuntime.GcMode}; thread-pool threads at most {Math.Max(uncontendedRuntime.MaxThreads, pacedRuntime.MaxThreads)}");
        Console.WriteLine("| phase | reserve, server's own p50 / p99 ms | thread-pool wait p50 / p99 ms | CPU cores | allocated MiB/s | collections 0/1/2 | GC pause ms | lock contentions | methods jitted (ms) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (phase, r) in new[] { ("uncontended, saturating", uncontendedRuntime), ($"uncontended, {PacedRate}/s", pacedRuntime) })
        {
            Console.WriteLine($"| {phase} | {r.ServerP50:F1} / {r.ServerP99:F1} | {r.DispatchP50:F1} / {r.DispatchP99:F1} | {r.CoresUsed:F2} | {r.AllocatedMiBPerSecond:F0} | " +
                $"{r.Gen0}/{r.Gen1}/{r.Gen2} | {r.GcPauseMs:F0} | {r.LockContentions} | {r.MethodsCompiled} ({r.JitMs:F0}) |");
        }

        var pass = violations.Count == 0 && errors == 0 && holdsPerSecond >= 500 && paced.P99Ms < 50 && paced.Errors == 0 && flowsPerSecond >= 200;
        Console.WriteLine();
        Console.WriteLine($"onsale -> {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 1;
    }

    private const int PacedRate = 500;

    /// <summary>An open loop: <paramref name="workers"/> senders sharing <paramref name="rate"/> requests a second on a fixed schedule.</summary>
    private static async Task<LoadResult> PacedAsync(string name, int workers, int rate, TimeSpan duration, Func<CancellationToken, Task<bool>> request)
    {
        var latencies = new ConcurrentBag<double>();
        long errors = 0;
        var started = Stopwatch.GetTimestamp();
        var interval = TimeSpan.FromSeconds((double)workers / rate);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var k = 0; ; k++)
            {
                var due = TimeSpan.FromSeconds((double)w / rate) + k * interval;
                if (due >= duration)
                {
                    break;
                }

                var wait = due - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await request(CancellationToken.None);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var sorted = latencies.Order().ToArray();
        return new LoadResult(name, sorted.Length, errors, Stopwatch.GetElapsedTime(started).TotalSeconds,
            Load.Percentile(sorted, 0.5), Load.Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1]);
    }

    private static async Task<EventRecord> AddEventAsync(EventCatalog catalog, string name, int sections, int rows, int seats)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new EventRecord($"evt-{name}-{Guid.NewGuid().ToString("N")[..6]}", name, ["Bench"], "concert", "", new Venue("Arena", "Bench City", ""),
            now.AddDays(30), Enumerable.Range(1, sections).Select(s => new SectionLayout($"S{s}", rows, seats, 50m, "USD")).ToArray(),
            EventStatus.Scheduled, "bench", now);
        return await catalog.AddAsync(record, CancellationToken.None);
    }

    /// <summary>Development tokens issued before the clock starts, so signing them does not load the measured run.</summary>
    private sealed class TokenPool(LocalTokenIssuer issuer)
    {
        private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

        public Task FillAsync(int count) => Task.Run(() =>
        {
            foreach (var prefix in new[] { "a", "b", "w" })
            {
                Parallel.For(0, count, i => _tokens[$"{prefix}{i}"] = issuer.Issue($"{prefix}{i}", []));
            }
        });

        public string For(string userId) => _tokens.GetOrAdd(userId, id => issuer.Issue(id, []));
    }
}
