using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using TicketBooking.Auth;
using TicketBooking.Catalog;
using TicketBooking.Inventory;

namespace TicketBooking.Bench;

/// <summary>
/// Best available under an on-sale rush, over HTTP against the local host: V buyers at once (closed loop, a new
/// customer for every reserve) asking for the best 1 or 2 seats of ONE section of M seats until it is sold out; then
/// the same buyers and seats spread over sections of 100 (the <c>onsale</c> shape) for comparison, on the same machine
/// state. Every 409 is checked against the store right after it: an "unavailable" answer given while the section
/// still had a block of the asked size free is a false unavailable. Buyers told "unavailable" for 2 seats go on with 1;
/// a section one buyer was told is sold out (for 1 seat) is left by all.
/// Embedded (in-memory stores) by default; <c>--emulated</c> puts the data in the Cosmos-protocol server
/// (tests/emulators, started here on a free port). The Durable Task engine is the in-memory sidecar in both.
/// Options: --connections V (64), --rows R (100), --seats-per-row S (100), --emulated.
/// </summary>
public static class RushScenario
{
    private const int SmallSection = 100;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Url is not null)
        {
            Console.Error.WriteLine("rush checks every 409 against the server's store: it runs the local host in process; drop --url.");
            return 2;
        }

        var users = options.Connections ?? 64;
        var rows = options.Int("rows", 100);
        var seatsPerRow = options.Int("seats-per-row", 100);
        var emulated = options.Extra.ContainsKey("emulated");
        await using var cosmos = emulated ? await BenchEmulators.StartAsync(withAzurite: false) : null;
        string[] data = cosmos is null ? [] : [.. cosmos.CosmosSettings, $"--Cosmos:DatabaseName=rush-{Guid.NewGuid():N}"];
        await using var server = await BenchServer.StartAsync(options,
        [
            "--Seed:Demo=false", "--Booking:HoldDuration=00:30:00", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:TicketBooking=Warning",
            .. data,
        ]);
        var services = server.Services!;
        var catalog = services.GetRequiredService<EventCatalog>();
        var inventory = services.GetRequiredService<ITicketInventory>();
        var issuer = services.GetRequiredService<LocalTokenIssuer>();
        using var client = Load.NewClient(server.Url, users * 2);

        var capacity = rows * seatsPerRow;
        var warm = await AddEventAsync(catalog, "rush-warm", [new SectionLayout("S1", 20, 50, 50m, "USD")]);
        var one = await AddEventAsync(catalog, "rush-one", [new SectionLayout("S1", rows, seatsPerRow, 50m, "USD")]);
        var many = await AddEventAsync(catalog, "rush-many", Enumerable.Range(1, Math.Max(1, capacity / SmallSection))
            .Select(s => new SectionLayout($"S{s}", SmallSection / 10, 10, 50m, "USD")).ToArray());
        var tokens = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        Parallel.For(0, 2 * capacity + 10 * users, i => tokens[$"u{i}"] = issuer.Issue($"u{i}", []));
        var customers = -1;

        async Task<(HttpStatusCode Status, double Ms)> ReserveAsync(string eventId, string section, int quantity)
        {
            var userId = $"u{Interlocked.Increment(ref customers)}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/booking/reserve")
            {
                Content = JsonContent.Create(new { eventId, section, quantity }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetOrAdd(userId, id => issuer.Issue(id, [])));
            var t0 = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return (response.StatusCode, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        await RunRushAsync(warm, users, inventory, ReserveAsync);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var rush = await RunRushAsync(one, users, inventory, ReserveAsync);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var spread = await RunRushAsync(many, users, inventory, ReserveAsync);

        var mode = emulated ? "emulated: the Cosmos-protocol server" : "embedded: in-memory stores";
        Load.PrintTable($"rush: best available, {users} buyers, 1-2 seats, until sold out ({mode}, in-memory Durable Task sidecar)",
        [
            ("server", $"local host in process ({server.Url})"),
            ("buyers", users.ToString()),
            ("seats", $"{capacity}: one section of {rows} rows x {seatsPerRow}, then {many.Sections.Count} sections of {SmallSection}"),
            ("machine", $"{Environment.ProcessorCount} cores, .NET {Environment.Version}"),
        ],
        [rush.Result($"POST /api/booking/reserve, one section of {capacity}"), spread.Result($"POST /api/booking/reserve, {many.Sections.Count} sections of {SmallSection}")]);

        var ratio = rush.HoldsPerSecond / spread.HoldsPerSecond;
        Console.WriteLine();
        Console.WriteLine("| measure | one section | sections of 100 | target |");
        Console.WriteLine("|---|---:|---:|---|");
        Console.WriteLine($"| holds/s (until the last seat) | {rush.HoldsPerSecond:F0} | {spread.HoldsPerSecond:F0} | one section >= 50% of sections of 100{(emulated ? " (embedded)" : "")} |");
        Console.WriteLine($"| seats held/s | {rush.SeatsPerSecond:F0} | {spread.SeatsPerSecond:F0} | |");
        Console.WriteLine($"| sold out in | {rush.Seconds:F1} s | {spread.Seconds:F1} s | |");
        Console.WriteLine($"| reserve p50 / p99 | {rush.P50:F1} / {rush.P99:F1} ms | {spread.P50:F1} / {spread.P99:F1} ms | |");
        Console.WriteLine($"| answers by status | {rush.Statuses} | {spread.Statuses} | 201 and 409 only |");
        Console.WriteLine($"| false unavailable | {rush.FalseUnavailable} | {spread.FalseUnavailable} | 0 |");
        Console.WriteLine($"| sold / capacity | {rush.Sold} / {rush.Capacity} | {spread.Sold} / {spread.Capacity} | sold = capacity |");
        Console.WriteLine($"| one section / sections of 100 | {ratio:P0} | | >= 50%{(emulated ? " (embedded)" : "")} |");

        var pass = rush.Passed && spread.Passed && (emulated || ratio >= 0.5);
        Console.WriteLine();
        Console.WriteLine($"rush{(emulated ? " --emulated" : "")} -> {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 1;
    }

    private sealed record RushRun(long Holds, long Seats, double Seconds, double P50, double P99, double MaxMs, long Requests, string Statuses,
        long Others, long FalseUnavailable, int Sold, int Capacity)
    {
        public double HoldsPerSecond => Holds / Seconds;

        public double SeatsPerSecond => Seats / Seconds;

        public bool Passed => FalseUnavailable == 0 && Others == 0 && Sold == Capacity;

        public LoadResult Result(string name) => new(name, Requests, Others, Seconds, P50, P99, MaxMs);
    }

    /// <summary>The buyers against one event until every section is sold out (each buyer walks the sections in its own order).</summary>
    private static async Task<RushRun> RunRushAsync(EventRecord record, int users, ITicketInventory inventory,
        Func<string, string, int, Task<(HttpStatusCode Status, double Ms)>> reserve)
    {
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, long>();
        var probes = record.Sections.ToDictionary(s => s.Name, s => new StoreProbe(() => inventory.GetTicketsAsync(record.Id, s.Name)));
        var soldOut = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        long holds = 0, seats = 0, falseUnavailable = 0, lastHoldAt = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, users).Select(b => Task.Run(async () =>
        {
            var random = new Random(b);
            var sections = record.Sections.Select(s => s.Name).OrderBy(_ => random.Next()).ToList();
            var quantity = random.Next(1, 3);
            while (sections.Count > 0)
            {
                var section = sections[^1];
                if (soldOut.ContainsKey(section))
                {
                    // Another buyer was told this section is sold out: buyers pass that on, as a crowd watching the seat map does.
                    sections.RemoveAt(sections.Count - 1);
                    continue;
                }

                var (status, ms) = await reserve(record.Id, section, quantity);
                var answeredAt = Stopwatch.GetTimestamp();
                latencies.Add(ms);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref holds);
                    Interlocked.Add(ref seats, quantity);
                    InterlockedMax(ref lastHoldAt, answeredAt);
                    quantity = random.Next(1, 3);
                    continue;
                }

                if (status == HttpStatusCode.Conflict)
                {
                    if (HasFreeBlock(await probes[section].ReadAfterAsync(answeredAt), quantity))
                    {
                        Interlocked.Increment(ref falseUnavailable);
                    }

                    if (quantity == 1)
                    {
                        soldOut[section] = true;
                        sections.RemoveAt(sections.Count - 1);
                    }

                    quantity = 1;
                    continue;
                }

                await Task.Delay(100); // 503 (gave up, Retry-After) or anything else: counted, then asked again
            }
        })));

        var seconds = Stopwatch.GetElapsedTime(started, lastHoldAt == 0 ? Stopwatch.GetTimestamp() : lastHoldAt).TotalSeconds;
        var tickets = await inventory.GetTicketsAsync(record.Id);
        var sorted = latencies.Order().ToArray();
        var others = statuses.Where(s => s.Key is not HttpStatusCode.Created and not HttpStatusCode.Conflict).Sum(s => s.Value);
        return new RushRun(holds, seats, seconds, Load.Percentile(sorted, 0.5), Load.Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1],
            sorted.Length, string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}")), others, falseUnavailable,
            tickets.Count(t => t.Status != TicketStatus.Available), tickets.Count);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Volatile.Read(ref target); seen < value; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    /// <summary>Whether the section, as stored, has <paramref name="quantity"/> adjacent available seats in one row.</summary>
    private static bool HasFreeBlock(IReadOnlyList<Ticket> section, int quantity)
    {
        var now = DateTimeOffset.UtcNow;
        return section.Where(t => t.StatusAt(now) == TicketStatus.Available).GroupBy(t => t.Row).Any(row =>
        {
            var seats = row.Select(t => t.Seat).Order().ToArray();
            for (var i = quantity - 1; i < seats.Length; i++)
            {
                if (seats[i] - seats[i - quantity + 1] == quantity - 1)
                {
                    return true;
                }
            }

            return false;
        });
    }

    private static async Task<EventRecord> AddEventAsync(EventCatalog catalog, string name, SectionLayout[] sections)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new EventRecord($"evt-{name}-{Guid.NewGuid().ToString("N")[..6]}", name, ["Bench"], "concert", "", new Venue("Arena", "Bench City", ""),
            now.AddDays(30), sections, EventStatus.Scheduled, "bench", now);
        return await catalog.AddAsync(record, CancellationToken.None);
    }

    /// <summary>
    /// Reads of one section for checking answers: a checker gets a read that started after its answer, and checkers
    /// waiting at the same time share one (a sold-out section answers many 409s at once).
    /// </summary>
    private sealed class StoreProbe(Func<Task<IReadOnlyList<Ticket>>> read)
    {
        private readonly Lock _gate = new();
        private Task<IReadOnlyList<Ticket>>? _current;
        private long _currentStartedAt;

        public async Task<IReadOnlyList<Ticket>> ReadAfterAsync(long answeredAt)
        {
            while (true)
            {
                Task<IReadOnlyList<Ticket>> current;
                lock (_gate)
                {
                    if (_current is not null && _currentStartedAt > answeredAt)
                    {
                        current = _current;
                    }
                    else if (_current is null || _current.IsCompleted)
                    {
                        _currentStartedAt = Stopwatch.GetTimestamp();
                        current = _current = Task.Run(read);
                    }
                    else
                    {
                        // A read is running that started before the answer: wait for it, then start a fresh one.
                        current = WaitThenNothing(_current);
                    }
                }

                var tickets = await current;
                if (tickets.Count > 0)
                {
                    return tickets;
                }
            }
        }

        private static async Task<IReadOnlyList<Ticket>> WaitThenNothing(Task<IReadOnlyList<Ticket>> running)
        {
            await running;
            return [];
        }
    }
}
