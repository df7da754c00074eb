using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Bench;

/// <summary>
/// A sold-out event's waiting list: <c>--people</c> (10,000) join through the join queue and its drain, then
/// <c>--seats</c> (500) seats come back one at a time at <c>--rate</c> a second (a released hold each, as a cancellation
/// does). Measured: the time from each seat's release to the pass of the next person in line (the list's counter of
/// returned seats reaching it), and that exactly as many were admitted as seats came back, in order. Runs the local
/// host in process with the embedded stores; the watcher of returned seats is the one the host runs.
/// <c>dotnet run -c Release --project tests/TicketBooking.Bench -- waitlist [--people 10000] [--seats 500] [--rate 50]</c>
/// </summary>
public static class WaitlistScenario
{
    private const int SeatsPerRow = 50;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var people = options.Int("people", 10_000);
        var seats = options.Int("seats", 500);
        var rate = options.Int("rate", 50);
        await using var server = await BenchServer.StartAsync(options with { Url = null }, []);
        var services = server.Services!;
        var catalog = services.GetRequiredService<EventCatalog>();
        var inventory = services.GetRequiredService<ITicketInventory>();
        var rooms = services.GetRequiredService<WaitingRooms>();
        var store = services.GetRequiredService<IWaitingRoomStore>();

        var setup = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var eventId = "evt-waitlist" + Guid.NewGuid().ToString("N")[..8];
        var rows = (seats + SeatsPerRow - 1) / SeatsPerRow;
        await catalog.AddAsync(new EventRecord(eventId, "Waiting list bench", ["Band"], "concert", "", new Venue("Hall", "City", ""), now.AddDays(30),
            [new SectionLayout("A", rows, SeatsPerRow, 40m, "USD")], EventStatus.Scheduled, "bench", now), CancellationToken.None);
        var ticketIds = (await inventory.GetTicketsAsync(eventId)).Select(t => t.TicketId).Take(seats).ToArray();
        var extra = (await inventory.GetTicketsAsync(eventId)).Select(t => t.TicketId).Skip(seats).ToArray();
        await inventory.HoldAsync(eventId, "bench-sold", ticketIds, now.AddDays(1));
        if (extra.Length > 0)
        {
            await inventory.HoldAsync(eventId, "bench-kept", extra, now.AddDays(1));
        }

        for (var i = 0; i < people; i++)
        {
            await rooms.JoinAsync($"waiter-{i:D6}", eventId, CancellationToken.None);
        }

        while ((await store.GetProgressAsync(eventId, CancellationToken.None))?.Value.Ordered < people)
        {
            await Task.Delay(50);
        }

        var listFrom = (await store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value.ListFrom ?? 0;
        Console.WriteLine($"setup: {seats} seats held, {people} on the list, in {setup.Elapsed.TotalSeconds:F1} s");

        // Seats come back one at a time; a watcher records when the counter of returned seats reaches each one.
        var released = new long[seats];
        var admitted = new long[seats];
        using var stop = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            var seen = 0L;
            while (seen < seats && !stop.IsCancellationRequested)
            {
                var returned = (await store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value.Returned;
                var at = Stopwatch.GetTimestamp();
                for (; seen < Math.Min(returned, seats); seen++)
                {
                    admitted[seen] = at;
                }

                await Task.Yield();
            }
        });

        var interval = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < seats; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            released[i] = Stopwatch.GetTimestamp();
            await inventory.ReleaseAsync(eventId, "bench-sold", [ticketIds[i]]);
        }

        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (!watch.IsCompleted && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await watch;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var latencies = Enumerable.Range(0, seats).Where(i => admitted[i] > 0)
            .Select(i => Math.Max(0, Stopwatch.GetElapsedTime(released[i], admitted[i]).TotalMilliseconds)).Order().ToArray();

        // Exactly as many admitted as came back, in order: the last one admitted and the first one still waiting.
        var progress = (await store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value;
        var lastIn = await rooms.GetEntryAsync($"waiter-{seats - 1:D6}", eventId, QueueIds.For(eventId, $"waiter-{seats - 1:D6}"), CancellationToken.None);
        var firstOut = seats < people
            ? await rooms.GetEntryAsync($"waiter-{seats:D6}", eventId, QueueIds.For(eventId, $"waiter-{seats:D6}"), CancellationToken.None)
            : null;
        var exact = progress.Returned == seats && lastIn.Status == QueueStatus.Admitted && firstOut?.Status is null or QueueStatus.Waiting;

        Load.PrintTable("waitlist: a returned seat to the next person's pass",
        [
            ("server", $"local host in process, embedded stores ({server.Url})"),
            ("list", $"{people} people on the list of a sold-out event (list opened after position {listFrom}); {seats} seats come back, one every {1000.0 / rate:F0} ms"),
            ("measured", "from the release of a held seat to the list's counter of returned seats reaching it (the next person's pass)"),
            ("machine", $"{Environment.ProcessorCount} cores, .NET {Environment.Version}"),
        ],
        [
            new LoadResult("returned seat -> pass", latencies.Length, seats - latencies.Length, seconds,
                Load.Percentile(latencies, 0.50), Load.Percentile(latencies, 0.99), latencies.Length == 0 ? 0 : latencies[^1]),
        ]);
        Console.WriteLine();
        Console.WriteLine($"admitted {progress.Returned} for {seats} returned seats; position {seats} {lastIn.Status}, position {seats + 1} "
            + $"{firstOut?.Status.ToString() ?? "-"} (ahead {firstOut?.Ahead?.ToString() ?? "-"}) -> {(exact ? "EXACT" : "NOT EXACT")}");
        return exact && latencies.Length == seats ? 0 : 1;
    }
}
