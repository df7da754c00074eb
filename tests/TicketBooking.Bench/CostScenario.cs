using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Catalog;
using TicketBooking.Telemetry;

namespace TicketBooking.Bench;

/// <summary>
/// Storage requests per booking operation in emulated mode (the Cosmos-protocol server and Azurite, the Durable Task
/// engine on Azure Storage), counted in the process by <see cref="StorageRequestCounter"/> (a Cosmos request handler and
/// an Azure.Core pipeline policy on the task hub's Storage clients). Each operation runs R times in sequence:
/// reserve 1 seat, reserve 4 seats (each cancelled afterwards, outside the count), confirm 1 seat (counted from the
/// confirm call until after the hold's original time, when the orchestration's stale timer fires), and a 1-seat hold
/// left to expire (Cosmos counted after the reserve call, Durable from the reserve call until after its expiry; a hold
/// that simply lapses starts no orchestration, <see cref="TicketBooking.Booking.HoldExpiry"/> expires it). "After"
/// is the background work the operation caused, with the idle rate (measured first, nothing running) taken off.
/// The event's seat map is loaded once first, as a customer choosing seats does (it gives the instance every ticket's ETag).
/// Options: --runs R (20), --hold H seconds (10; the payment grace is 30% of it, as in Azure), --idle S seconds of idle
/// measurement (10), --settle S seconds (2).
/// </summary>
public static class CostScenario
{
    private sealed record Sample(StorageRequestTotals InCall, StorageRequestTotals After, double AfterSeconds);

    private sealed record Row(string Operation, string Minimum, double CosmosMinimum, double? DurableMinimum, IReadOnlyList<Sample> Samples);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Url is not null)
        {
            Console.Error.WriteLine("cost counts the storage requests inside the local host: it runs the host in process; drop --url.");
            return 2;
        }

        var runs = options.Int("runs", 20);
        var hold = TimeSpan.FromSeconds(options.Int("hold", 10));
        var idleWindow = TimeSpan.FromSeconds(options.Int("idle", 10));
        var settle = TimeSpan.FromSeconds(options.Int("settle", 2));
        await using var emulators = await BenchEmulators.StartAsync();
        await using var server = await BenchServer.StartAsync(options,
        [
            .. emulators.Settings, "--StorageRequests:Count=true", "--Seed:Demo=false", $"--Booking:HoldDuration={hold}",
            // The grace in the same proportion to the hold as in Azure (3 of 10 minutes).
            $"--Booking:PaymentGrace={hold * 0.3}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:DurableTask=Error", "--Logging:LogLevel:TicketBooking=Warning",
        ]);
        var services = server.Services!;
        var counter = services.GetRequiredService<StorageRequestCounter>();
        var issuer = services.GetRequiredService<LocalTokenIssuer>();
        using var client = Load.NewClient(server.Url, 4);
        var now = DateTimeOffset.UtcNow;
        var record = await services.GetRequiredService<EventCatalog>().AddAsync(new EventRecord($"evt-cost-{Guid.NewGuid().ToString("N")[..6]}", "cost",
            ["Bench"], "concert", "", new Venue("Arena", "Bench City", ""), now.AddDays(30), [new SectionLayout("A", 40, 50, 50m, "USD")],
            EventStatus.Scheduled, "bench", now), CancellationToken.None);
        var seats = EventCatalog.TicketsOf(record).Select(t => t.TicketId).ToArray();
        var nextSeat = 0;
        var nextUser = 0;

        async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, string userId)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue(userId, []));
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }

        async Task<(string Id, DateTimeOffset ExpiresAt)> ReserveAsync(string userId, int quantity)
        {
            var ids = seats.Skip(nextSeat).Take(quantity).ToArray();
            nextSeat += quantity;
            var (status, body) = await SendAsync(HttpMethod.Post, "/api/booking/reserve", new { eventId = record.Id, ticketIds = ids }, userId);
            return status == HttpStatusCode.Created
                ? (body.GetProperty("reservationId").GetString()!, body.GetProperty("expiresAt").GetDateTimeOffset())
                : throw new InvalidOperationException($"reserve answered {(int)status}: {body}");
        }

        async Task EnsureAsync(Task<(HttpStatusCode Status, JsonElement Body)> call, HttpStatusCode expected, string what)
        {
            var (status, body) = await call;
            if (status != expected)
            {
                throw new InvalidOperationException($"{what} answered {(int)status}: {body}");
            }
        }

        // Warm-up (clients, containers, the task hub's queues, the seat map a customer looks at before choosing seats,
        // which is the instance's copy of every ticket), then the idle rate with nothing running.
        using (var map = await client.GetAsync($"/api/event/{record.Id}/tickets?section=A"))
        {
            map.EnsureSuccessStatusCode();
        }

        var (warmId, _) = await ReserveAsync("warm", 1);
        await EnsureAsync(SendAsync(HttpMethod.Delete, $"/api/booking/{warmId}", null, "warm"), HttpStatusCode.OK, "cancel");
        await Task.Delay(settle * 2);
        var idleStart = counter.Snapshot();
        await Task.Delay(idleWindow);
        var idle = counter.Snapshot().Minus(idleStart);
        var idleCosmosPerSecond = idle.CosmosRequests / idleWindow.TotalSeconds;
        var idleDurablePerSecond = idle.DurableStorageRequests / idleWindow.TotalSeconds;
        var idlePollsPerSecond = EmptyPolls(idle) / idleWindow.TotalSeconds;

        async Task<Sample> MeasureAsync(Func<Task> call, Func<Task> background)
        {
            var before = counter.Snapshot();
            await call();
            var returned = counter.Snapshot();
            var clock = Stopwatch.StartNew();
            await background();
            return new Sample(returned.Minus(before), counter.Snapshot().Minus(returned), clock.Elapsed.TotalSeconds);
        }

        var reserveOne = new List<Sample>();
        var reserveFour = new List<Sample>();
        var confirmOne = new List<Sample>();
        var expireOne = new List<Sample>();
        for (var run = 0; run < runs; run++)
        {
            foreach (var (quantity, samples) in new[] { (1, reserveOne), (4, reserveFour) })
            {
                var user = $"u{++nextUser}";
                var id = "";
                samples.Add(await MeasureAsync(async () => id = (await ReserveAsync(user, quantity)).Id, () => Task.Delay(settle)));
                await EnsureAsync(SendAsync(HttpMethod.Delete, $"/api/booking/{id}", null, user), HttpStatusCode.OK, "cancel");
                await Task.Delay(settle);
            }

            var payer = $"u{++nextUser}";
            var (toConfirm, confirmExpiresAt) = await ReserveAsync(payer, 1);
            await Task.Delay(settle);
            confirmOne.Add(await MeasureAsync(
                () => EnsureAsync(SendAsync(HttpMethod.Put, "/api/booking/confirm", new { reservationId = toConfirm, paymentMethodId = "pm_card_visa" }, payer),
                    HttpStatusCode.OK, "confirm"),
                () => Task.Delay(Until(confirmExpiresAt) + TimeSpan.FromSeconds(1) + settle)));

            var idler = $"u{++nextUser}";
            var expiresAt = DateTimeOffset.MinValue;
            // The expiry runs just after the hold's end (HoldExpiry), later on a loaded machine.
            expireOne.Add(await MeasureAsync(async () => expiresAt = (await ReserveAsync(idler, 1)).ExpiresAt,
                () => Task.Delay(Until(expiresAt) + TimeSpan.FromSeconds(1) + settle * 2)));
            Console.Error.Write($"\rrun {run + 1}/{runs}");
        }

        Console.Error.WriteLine();
        Row[] rows =
        [
            new("reserve 1 seat", "Cosmos N+1 = 2; Durable 0 (no orchestration)", 2, null, reserveOne),
            new("reserve 4 seats", "Cosmos N+1 = 5; Durable 0 (no orchestration)", 5, null, reserveFour),
            new("confirm 1 seat", "Cosmos N+4 = 5; Durable ~6 (the orchestration starts here)", 5, 6, confirmOne),
            new("hold that expires, 1 seat", "Cosmos N+2 = 3; Durable 0 (no orchestration; target <= 20)", 3, null, expireOne),
        ];

        double After(Sample s, StorageService service) => Math.Max(0, s.After.Of(service)
            - (service == StorageService.Cosmos ? idleCosmosPerSecond : idleDurablePerSecond) * s.AfterSeconds);

        double Polls(Sample s) => EmptyPolls(s.InCall) + Math.Max(0, EmptyPolls(s.After) - idlePollsPerSecond * s.AfterSeconds);

        Console.WriteLine($"## cost: storage requests per operation ({runs} sequential runs each, {hold.TotalSeconds:0}-second holds, emulated mode)");
        Console.WriteLine();
        Console.WriteLine("| Operation | Cosmos document requests | Cosmos in call | Cosmos after | Cosmos RU | Durable in call | Durable after | Durable total | of which empty queue polls | Design minimum | Cosmos ratio | Durable ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var row in rows)
        {
            var cosmosIn = row.Samples.Average(s => s.InCall.CosmosRequests);
            var cosmosAfter = row.Samples.Average(s => After(s, StorageService.Cosmos));
            var durableIn = row.Samples.Average(s => s.InCall.DurableStorageRequests);
            var durableAfter = row.Samples.Average(s => After(s, StorageService.DurableStorage));
            var charge = row.Samples.Average(s => s.InCall.CosmosCharge + s.After.CosmosCharge);
            // The operation's own reads, writes and queries (not the change feed and polls, which run whether or not it
            // does); the expiring hold's are what the expiry does: the reserve call itself is the row above.
            var cosmosTotal = row.Samples.Average(s => Documents(s.After) + (row.Samples == expireOne ? 0 : Documents(s.InCall)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Operation} | {cosmosTotal:0.#} | {cosmosIn:0.#} | {cosmosAfter:0.#} | {(charge > 0 ? charge.ToString("0.#", CultureInfo.InvariantCulture) : "n/a")} | {durableIn:0.#} | {durableAfter:0.#} | {durableIn + durableAfter:0.#} | {row.Samples.Average(Polls):0.#} | {row.Minimum} | {cosmosTotal / row.CosmosMinimum:0.0}x | {(row.DurableMinimum is { } least ? ((durableIn + durableAfter) / least).ToString("0.0", CultureInfo.InvariantCulture) + "x" : "")} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| idle, per second | 0 | {idleCosmosPerSecond:0.#} | | {(idle.CosmosCharge > 0 ? (idle.CosmosCharge / idleWindow.TotalSeconds).ToString("0.#", CultureInfo.InvariantCulture) : "n/a")} | | | {idleDurablePerSecond:0.#} | {idlePollsPerSecond:0.#} | | | |"));
        var booking = reserveOne.Average(s => Documents(s.InCall) + Documents(s.After)) + confirmOne.Average(s => Documents(s.InCall) + Documents(s.After));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Confirmed 1-seat booking (reserve + confirm): {booking:0.#} Cosmos document requests against a minimum of 2N+5 = 7 ({booking / 7:0.00}x)."));
        Console.WriteLine("Cosmos in call / after: every Cosmos request, the change feed and polls included (after: idle rate taken off).");
        Console.WriteLine();
        Console.WriteLine("Requests by operation (average per run; \"after\" not corrected for idle):");
        foreach (var row in rows)
        {
            var byOperation = row.Samples.SelectMany(s => s.InCall.Counts.Select(c => (c.Key, Where: "in call", c.Value))
                    .Concat(s.After.Counts.Select(c => (c.Key, Where: "after", c.Value))))
                .GroupBy(c => (c.Key.Service, c.Key.Operation, c.Where))
                .OrderBy(g => g.Key.Service).ThenBy(g => g.Key.Where).ThenByDescending(g => g.Sum(c => c.Value))
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.Service} {g.Key.Where}: {g.Key.Operation} {g.Sum(c => c.Value) / (double)row.Samples.Count:0.##}"));
            Console.WriteLine($"- {row.Operation}: {string.Join("; ", byOperation)}");
        }

        var idleByOperation = idle.Counts.OrderBy(c => c.Key.Service).ThenByDescending(c => c.Value)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key.Service}: {c.Key.Operation} {c.Value / idleWindow.TotalSeconds:0.##}/s"));
        Console.WriteLine($"- idle: {string.Join("; ", idleByOperation)}");
        return 0;
    }

    /// <summary>Reads, writes and queries of the booking's documents: not the change feed, the waiting room's polls or metadata.</summary>
    private static double Documents(StorageRequestTotals totals) =>
        totals.Counts.Where(c => c.Key.Service == StorageService.Cosmos && c.Key.Operation.Split(' ') is [var container, var kind]
                && container is "events" or "tickets" or "reservations" or "bookings"
                && kind is "read" or "replace" or "create" or "upsert" or "delete" or "patch" or "query")
            .Sum(c => c.Value);

    private static double EmptyPolls(StorageRequestTotals totals) =>
        totals.Counts.Where(c => c.Key.Service == StorageService.DurableStorage && c.Key.Operation.EndsWith(" empty", StringComparison.Ordinal)).Sum(c => c.Value);

    private static TimeSpan Until(DateTimeOffset at) => at > DateTimeOffset.UtcNow ? at - DateTimeOffset.UtcNow : TimeSpan.Zero;
}
