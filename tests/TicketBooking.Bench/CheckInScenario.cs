using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TicketBooking.Bench;

/// <summary>
/// Check-in at the doors of one event at a fixed rate (open loop: each scan is sent at its time whatever the answers
/// before it did), mixed first scans (200 admitted) and repeats of codes already scanned (409 already checked in), from
/// several gates, each a door staff member named by the organizer. Latency counts from each scan's scheduled time.
/// <c>dotnet run -c Release --project tests/TicketBooking.Bench -- check-in [--rate 200] [--seconds 10] [--warmup 3] [--repeats 0.3] [--gates 4]</c>
/// </summary>
public static class CheckInScenario
{
    private const int SeatsPerBooking = 8;
    private const int SeatsPerRow = 24;
    private static readonly string[] Sections = ["A", "B", "C", "D"];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var rate = options.Int("rate", 200);
        var gates = options.Int("gates", 4);
        var repeats = options.Extra.TryGetValue("repeats", out var r) ? double.Parse(r, CultureInfo.InvariantCulture) : 0.3;
        var scans = (int)Math.Ceiling(rate * (options.Seconds + options.Warmup));
        var tickets = (int)Math.Ceiling(scans * (1 - repeats) * 1.2) + SeatsPerBooking;
        await using var server = await BenchServer.StartAsync(options, ["--RateLimits:CheckIn=1000000", "--Booking:MaxTicketsPerUser=8"]);
        using var http = Load.NewClient(server.Url, 64);

        var setup = Stopwatch.StartNew();
        var organizer = await TokenAsync(http, "bench-organizer", "organizer");
        var eventId = await CreateEventAsync(http, organizer, tickets);
        var staff = Enumerable.Range(1, gates).Select(g => $"bench-door-{g}").ToArray();
        using (var named = await SendAsync(http, HttpMethod.Put, $"/api/admin/events/{eventId}/staff", organizer, new { userIds = staff }))
        {
            named.EnsureSuccessStatusCode();
        }

        var staffTokens = await Task.WhenAll(staff.Select(s => TokenAsync(http, s)));
        var codes = await BookAsync(http, eventId, tickets / SeatsPerBooking);
        Console.WriteLine($"setup: event {eventId}, {codes.Count} tickets booked, {gates} gates, in {setup.Elapsed.TotalSeconds:F1} s");

        var next = 0;
        var warmup = await RunAsync("warm-up", http, eventId, staffTokens, codes, ref next, rate, TimeSpan.FromSeconds(options.Warmup), repeats);
        var measured = await RunAsync("measured", http, eventId, staffTokens, codes, ref next, rate, TimeSpan.FromSeconds(options.Seconds), repeats);

        Load.PrintTable($"check-in: POST /api/admin/events/{{eventId}}/check-in at {rate} scans a second",
        [
            ("server", options.Url ?? $"local host in process, embedded stores ({server.Url})"),
            ("scans", $"{rate}/s for {options.Seconds} s after a {options.Warmup} s warm-up; {repeats:P0} repeats of codes already scanned; {gates} gates (door staff)"),
            ("machine", $"{Environment.ProcessorCount} cores, .NET {Environment.Version}"),
        ], [measured.First, measured.Repeat, measured.All]);

        var all = measured.All;
        var pass = all.P99Ms < 50 && all.Errors == 0 && all.PerSecond >= rate * 0.95;
        Console.WriteLine();
        Console.WriteLine($"p99 {all.P99Ms:F2} ms (target < 50 ms), {all.PerSecond:F0} scans/s (target {rate}), unexpected answers {all.Errors} "
            + $"(warm-up: {warmup.All.Errors}) -> {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 1;
    }

    private sealed record Phase(LoadResult First, LoadResult Repeat, LoadResult All);

    private static Task<Phase> RunAsync(string name, HttpClient http, string eventId, string[] gates, List<string> codes, ref int next, int rate,
        TimeSpan duration, double repeats)
    {
        // The plan is drawn up front (which code, which gate, first or repeat), so sending costs nothing but the request.
        var random = new Random(42 + next);
        var count = (int)(rate * duration.TotalSeconds);
        var plan = new (string Code, int Gate, bool First)[count];
        for (var i = 0; i < count; i++)
        {
            // A repeat is of a code first sent at least about a second earlier, so its first scan has been answered.
            var settled = next - rate;
            var repeat = settled > 0 && random.NextDouble() < repeats;
            var code = repeat ? codes[random.Next(settled)] : codes[next++];
            plan[i] = (code, random.Next(gates.Length), !repeat);
        }

        return SendPlanAsync(name, http, eventId, gates, plan, rate);
    }

    private static async Task<Phase> SendPlanAsync(string name, HttpClient http, string eventId, string[] gates, (string Code, int Gate, bool First)[] plan, int rate)
    {
        var latencies = new double[plan.Length];
        var ok = new bool[plan.Length];
        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>(plan.Length);
        for (var i = 0; i < plan.Length; i++)
        {
            var due = start + (long)(i * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            var index = i;
            sends.Add(Task.Run(async () =>
            {
                var (code, gate, first) = plan[index];
                try
                {
                    using var answer = await SendAsync(http, HttpMethod.Post, $"/api/admin/events/{eventId}/check-in", gates[gate],
                        new { code, gate = $"gate {gate + 1}" });
                    var body = await answer.Content.ReadAsStringAsync();
                    ok[index] = first
                        ? answer.StatusCode == HttpStatusCode.OK
                        : answer.StatusCode == HttpStatusCode.Conflict && body.Contains("/problems/already-checked-in", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    ok[index] = false;
                }

                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(sends);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        LoadResult Of(string label, Func<int, bool> which)
        {
            var picked = Enumerable.Range(0, plan.Length).Where(which).ToArray();
            var sorted = picked.Select(i => latencies[i]).Order().ToArray();
            return new LoadResult(label, sorted.Length, picked.Count(i => !ok[i]), seconds, Load.Percentile(sorted, 0.5), Load.Percentile(sorted, 0.99),
                sorted.Length == 0 ? 0 : sorted[^1]);
        }

        return new Phase(Of($"{name}: first scans (200 admitted)", i => plan[i].First), Of($"{name}: repeats (409 already checked in)", i => !plan[i].First),
            Of($"{name}: all scans", _ => true));
    }

    private static async Task<string> CreateEventAsync(HttpClient http, string organizer, int tickets)
    {
        var rows = (int)Math.Ceiling(tickets / (double)(Sections.Length * SeatsPerRow)) + 1;
        using var created = await SendAsync(http, HttpMethod.Post, "/api/admin/events", organizer, new
        {
            name = "Check-in bench",
            performers = new[] { "The Doors" },
            category = "concert",
            description = "Scanned at the door.",
            venue = new { name = "Bench Arena", city = "Benchville", address = "1 Gate Road" },
            startsAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture),
            sections = Sections.Select(name => new { name, rows, seatsPerRow = SeatsPerRow, price = 30, currency = "USD" }),
        });
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        if (created.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The event was not created: {(int)created.StatusCode} {body}");
        }

        var eventId = body.GetProperty("eventId").GetString()!;
        for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var view = JsonDocument.Parse(await http.GetStringAsync($"/api/event/{eventId}")).RootElement;
            if (view.GetProperty("status").GetString() == "scheduled")
            {
                return eventId;
            }
        }

        throw new TimeoutException($"Event {eventId} was not on sale within two minutes.");
    }

    /// <summary>Books <paramref name="bookings"/> times 8 seats, one buyer each: the ticket codes, in no particular order.</summary>
    private static async Task<List<string>> BookAsync(HttpClient http, string eventId, int bookings)
    {
        var codes = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, bookings), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (b, ct) =>
        {
            var token = await TokenAsync(http, $"bench-fan-{b}");
            // Booking b takes one block of 8 seats: its section by b mod 4, then three blocks a row.
            var section = Sections[b % Sections.Length];
            var block = b / Sections.Length;
            var ticketIds = Enumerable.Range(block % 3 * SeatsPerBooking + 1, SeatsPerBooking).Select(seat => $"{section}-{block / 3 + 1}-{seat}").ToArray();
            using var reserved = await SendAsync(http, HttpMethod.Post, "/api/booking/reserve", token, new { eventId, ticketIds });
            var reservation = JsonDocument.Parse(await reserved.Content.ReadAsStringAsync(ct)).RootElement;
            if (!reserved.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Reserve failed: {(int)reserved.StatusCode} {reservation}");
            }

            using var confirmed = await SendAsync(http, HttpMethod.Put, "/api/booking/confirm", token,
                new { reservationId = reservation.GetProperty("reservationId").GetString(), paymentMethodId = "pm_card_visa" });
            var booking = JsonDocument.Parse(await confirmed.Content.ReadAsStringAsync(ct)).RootElement;
            var bookingId = booking.TryGetProperty("bookingId", out var id) ? id.GetString() : null;
            if (bookingId is null)
            {
                throw new InvalidOperationException($"Confirm did not book: {(int)confirmed.StatusCode} {booking}");
            }

            using var list = await SendAsync(http, HttpMethod.Get, $"/api/bookings/{bookingId}/tickets", token, null);
            foreach (var ticket in JsonDocument.Parse(await list.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("tickets").EnumerateArray())
            {
                codes.Add(ticket.GetProperty("code").GetString()!);
            }
        });

        return codes.OrderBy(_ => Random.Shared.Next()).ToList();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        return await http.SendAsync(request);
    }

    private static async Task<string> TokenAsync(HttpClient http, string userId, params string[] roles)
    {
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { userId, roles });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }
}
