using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Payments;

namespace TicketBooking.Bench;

/// <summary>
/// An event with N bookings (one seat each, paid through the payment simulator) is cancelled over HTTP; the cancellation
/// orchestration refunds every booking. Measures the time from the cancel to the last refund and refunds per second,
/// then checks the ledgers: every booking refunded, each payment refunded exactly once.
/// Options: --bookings N (10000), --batch B bookings per activity (50), --parallelism P activities at once (4).
/// </summary>
public static class CancelScenario
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Url is not null)
        {
            Console.Error.WriteLine("cancel checks the server's own ledgers (bookings, refunds): it runs the local host in process; drop --url.");
            return 2;
        }

        var count = options.Int("bookings", 10_000);
        var batch = options.Int("batch", 50);
        var parallelism = options.Int("parallelism", 4);
        await using var server = await BenchServer.StartAsync(options,
        [
            "--Seed:Demo=false", "--Booking:HoldDuration=00:30:00", "--Booking:MaxTicketsPerUser=8", "--Refunds:RetryDelay=00:00:00",
            $"--Refunds:BatchSize={batch}", $"--Refunds:Parallelism={parallelism}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:TicketBooking=Warning",
        ]);
        var services = server.Services!;
        var catalog = services.GetRequiredService<EventCatalog>();
        var reserve = services.GetRequiredService<ReserveSeats>();
        var confirm = services.GetRequiredService<ConfirmReservation>();
        var bookings = services.GetRequiredService<IBookingStore>();
        var payments = services.GetRequiredService<SimulatedPaymentGateway>();
        var issuer = services.GetRequiredService<LocalTokenIssuer>();

        // The event: sections of 100 seats, one booking per seat, each by its own user (not measured).
        var now = DateTimeOffset.UtcNow;
        var sections = (count + 99) / 100;
        var record = await catalog.AddAsync(new EventRecord($"evt-bench-cancel-{Guid.NewGuid().ToString("N")[..6]}", "bench-cancel", ["Bench"], "concert", "",
            new Venue("Arena", "Bench City", ""), now.AddDays(30),
            Enumerable.Range(1, sections).Select(s => new SectionLayout($"S{s}", 10, 10, 50m, "USD")).ToArray(), EventStatus.Scheduled, "bench", now),
            CancellationToken.None);
        var seats = EventCatalog.TicketsOf(record).Take(count).Select(t => t.TicketId).ToArray();
        var seeding = Stopwatch.StartNew();
        var booked = new (string UserId, string BookingId, string ReservationId)[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var userId = $"fan-{i}";
            var (r, _) = await reserve.ReserveAsync(userId, new ReserveRequest { EventId = record.Id, TicketIds = [seats[i]] }, null, ct);
            var outcome = await confirm.ConfirmAsync(userId, r.Id, "pm_card_visa", ct);
            booked[i] = (userId, outcome.Reservation.BookingId ?? throw new InvalidOperationException($"{r.Id} did not book"), r.Id);
        });
        seeding.Stop();
        Console.WriteLine($"seeded {count} bookings in {seeding.Elapsed.TotalSeconds:F1} s");

        using var client = Load.NewClient(server.Url, 4);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.Issue("bench", [Roles.Organizer]));
        var clock = Stopwatch.StartNew();
        using (var cancel = await client.PostAsync($"/api/admin/events/{record.Id}/cancel", null))
        {
            if (cancel.StatusCode != HttpStatusCode.Accepted)
            {
                Console.Error.WriteLine($"cancel answered {(int)cancel.StatusCode}: {await cancel.Content.ReadAsStringAsync()}");
                return 1;
            }
        }

        var cancelAnswered = clock.Elapsed;
        TimeSpan? firstRefund = null;
        JsonElement progress;
        while (true)
        {
            progress = await client.GetFromJsonAsync<JsonElement>($"/api/admin/events/{record.Id}/cancellation");
            if (firstRefund is null && progress.GetProperty("refunded").GetInt32() > 0)
            {
                firstRefund = clock.Elapsed;
            }

            if (progress.GetProperty("state").GetString() == "completed" || clock.Elapsed > TimeSpan.FromMinutes(30))
            {
                break;
            }

            await Task.Delay(50);
        }

        var allDone = clock.Elapsed;
        var refunded = progress.GetProperty("refunded").GetInt32();
        var failed = progress.GetProperty("failed").GetInt32();

        // The ledgers: each booking refunded, each payment refunded exactly once.
        var ours = booked.Select(b => b.ReservationId).ToHashSet(StringComparer.Ordinal);
        var refunds = payments.Refunds.Where(r => ours.Contains(r.ReservationId)).ToArray();
        var twice = refunds.GroupBy(r => r.PaymentId).Count(g => g.Count() > 1);
        var notRefunded = 0;
        foreach (var (userId, bookingId, _) in booked)
        {
            if ((await bookings.GetAsync(userId, bookingId))?.Status != BookingStatus.Refunded)
            {
                notRefunded++;
            }
        }

        Console.WriteLine();
        Console.WriteLine("## cancel: an event's bookings refunded by the cancellation orchestration (embedded: in-memory stores, in-memory Durable Task sidecar, payment simulator)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; batch {batch} bookings x {parallelism} activities at once");
        Console.WriteLine();
        Console.WriteLine("| bookings | cancel answered ms | first refund s | all refunded s | refunds/s | refunds in simulator | refunded twice | failed | not refunded |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {count} | {cancelAnswered.TotalMilliseconds:F0} | {firstRefund?.TotalSeconds:F2} | {allDone.TotalSeconds:F1} | "
            + $"{refunded / Math.Max(0.001, allDone.TotalSeconds):F0} | {refunds.Length} | {twice} | {failed} | {notRefunded} |");
        return refunded == count && twice == 0 && notRefunded == 0 && refunds.Length == count ? 0 : 1;
    }
}
