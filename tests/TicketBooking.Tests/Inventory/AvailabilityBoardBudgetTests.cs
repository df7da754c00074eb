using Microsoft.Extensions.Options;
using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Inventory;

public sealed class AvailabilityBoardBudgetTests
{
    private readonly ManualTime _time = new();

    private AvailabilityBoard Board(long maxSeats) => new(_time, Options.Create(new BoardOptions { MaxSeats = maxSeats }));

    private static Ticket[] Seats(string eventId, int count) =>
        Enumerable.Range(1, count).Select(i => new Ticket(eventId, Ticket.IdOf("A", 1, i), "A", 1, i, 10m, "USD")).ToArray();

    private Task<EventBoard> UseAsync(AvailabilityBoard board, string eventId, int seats = 10, DateTimeOffset? overAt = null) =>
        board.GetAsync(eventId, overAt ?? _time.GetUtcNow().AddDays(30), _ => Task.FromResult<IReadOnlyList<Ticket>>(Seats(eventId, seats)),
            CancellationToken.None);

    [Fact]
    public async Task TheLeastRecentlyUsedEventsAreEvictedFirst()
    {
        var board = Board(maxSeats: 100);
        for (var i = 1; i <= 10; i++)
        {
            await UseAsync(board, $"e{i}");
        }

        await UseAsync(board, "e1"); // used again: now the most recent
        await UseAsync(board, "e11"); // 110 seats: evicts down to 90

        Assert.True(board.Holds("e1"));
        Assert.False(board.Holds("e2"));
        Assert.False(board.Holds("e3"));
        Assert.All(Enumerable.Range(4, 8), i => Assert.True(board.Holds($"e{i}")));
        Assert.Equal(90, board.Seats);
    }

    [Fact]
    public async Task TheBoardNeverHoldsMoreSeatsThanItsBudget()
    {
        var board = Board(maxSeats: 1_000);
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            await UseAsync(board, $"e{random.Next(200)}", seats: 1 + random.Next(120));

            Assert.InRange(board.Seats, 0, 1_000);
        }

        Assert.True(board.Evictions > 0);
    }

    [Fact]
    public async Task EventsThatAreOverAreEvictedBeforeRecentlyUsedOnes()
    {
        var board = Board(maxSeats: 100);
        for (var i = 2; i <= 9; i++)
        {
            await UseAsync(board, $"e{i}");
        }

        await UseAsync(board, "started", overAt: _time.GetUtcNow().AddHours(1));
        await UseAsync(board, "cancelled", overAt: DateTimeOffset.MinValue);
        _time.Advance(TimeSpan.FromHours(2)); // "started" has begun by now
        await UseAsync(board, "started", overAt: _time.GetUtcNow().AddHours(-1)); // recently used, yet over
        await UseAsync(board, "e10"); // 110 seats: evicts down to 90

        Assert.False(board.Holds("started"));
        Assert.False(board.Holds("cancelled"));
        Assert.All(Enumerable.Range(2, 9), i => Assert.True(board.Holds($"e{i}")));
    }

    [Fact]
    public async Task AnEventLargerThanTheBudgetIsStillServed()
    {
        var board = Board(maxSeats: 100);
        await UseAsync(board, "small");

        var big = await UseAsync(board, "big", seats: 150);

        Assert.Equal(150, big.Snapshot().Available);
        Assert.True(board.Holds("big"));
        Assert.False(board.Holds("small"));
    }

    [Fact]
    public async Task AnEvictedEventIsLoadedAgainWithTheChangesMadeWhileItWasOut()
    {
        var board = Board(maxSeats: 100);
        var inventory = new InMemoryTicketInventory(board, _time);
        foreach (var id in new[] { "hot", "other" })
        {
            await inventory.AddTicketsAsync(id, Seats(id, 60));
        }

        Task<EventBoard> Use(string id) => board.GetAsync(id, ct => inventory.GetTicketsAsync(id, null, ct), CancellationToken.None);
        await Use("hot");
        await inventory.HoldAsync("hot", "r1", ["A-1-1", "A-1-2"], _time.GetUtcNow().AddMinutes(10));
        await Use("other"); // 120 seats: "hot" goes
        Assert.False(board.Holds("hot"));

        await inventory.BookAsync("hot", "r1", ["A-1-1", "A-1-2"]);
        await inventory.HoldAsync("hot", "r2", ["A-1-3"], _time.GetUtcNow().AddMinutes(1));
        await inventory.HoldAsync("hot", "r3", ["A-1-4"], _time.GetUtcNow().AddMinutes(20));
        _time.Advance(TimeSpan.FromMinutes(5)); // r2's hold lapses while the event is out
        var section = (await Use("hot")).Snapshot().Sections.Single();

        Assert.Equal((57, 1, 2), (section.Available, section.Held, section.Booked));
    }

    [Fact]
    public async Task AChangeArrivingWhileTheEventLoadsIsKept()
    {
        var board = Board(maxSeats: 100);
        var reading = new TaskCompletionSource();
        var read = new TaskCompletionSource<IReadOnlyList<Ticket>>();
        var loading = board.GetAsync("e1", _ =>
        {
            reading.SetResult();
            return read.Task;
        }, CancellationToken.None);
        await reading.Task;

        var seats = Seats("e1", 3);
        board.OnTicketsChanged("e1", [seats[0].BookedBy("r1")]); // written after the load read the store
        read.SetResult(seats); // the load's older copy
        var snapshot = (await loading).Snapshot().Sections.Single();

        Assert.Equal((2, 0, 1), (snapshot.Available, snapshot.Held, snapshot.Booked));
    }

    [Fact]
    public async Task WritesRacingEvictionsAndReloadsAreNeverLost()
    {
        var board = Board(maxSeats: 150); // two events of 100 seats never fit together
        var inventory = new InMemoryTicketInventory(board, _time);
        await inventory.AddTicketsAsync("hot", Seats("hot", 100));
        await inventory.AddTicketsAsync("cold", Seats("cold", 100));

        // A load that takes its time after reading, so writes land between the read and the board being ready.
        async Task<IReadOnlyList<Ticket>> SlowLoad(string id, CancellationToken ct)
        {
            var tickets = await inventory.GetTicketsAsync(id, null, ct);
            await Task.Delay(1, ct);
            return tickets;
        }

        for (var round = 0; round < 20; round++)
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                var random = new Random(round * 10 + w);
                while (!stop.IsCancellationRequested)
                {
                    var seat = Ticket.IdOf("A", 1, 1 + random.Next(100));
                    var reservation = $"r{w}-{random.Next(3)}";
                    _ = random.Next(3) switch
                    {
                        0 => await inventory.HoldAsync("hot", reservation, [seat], _time.GetUtcNow().AddMinutes(random.Next(1, 10))),
                        1 => (object)await inventory.ReleaseAsync("hot", reservation, [seat]),
                        _ => await inventory.BookAsync("hot", reservation, [seat]),
                    };
                }
            })).ToArray();

            for (var i = 0; i < 10; i++)
            {
                await board.GetAsync("cold", ct => SlowLoad("cold", ct), CancellationToken.None); // evicts "hot"
                await board.GetAsync("hot", ct => SlowLoad("hot", ct), CancellationToken.None); // reloads it while writes go on
            }

            await stop.CancelAsync();
            await Task.WhenAll(writers);

            var snapshot = (await board.GetAsync("hot", ct => SlowLoad("hot", ct), CancellationToken.None)).Snapshot().Sections.Single();
            var now = _time.GetUtcNow();
            var stored = await inventory.GetTicketsAsync("hot");
            var expected = (stored.Count(t => t.StatusAt(now) == TicketStatus.Available), stored.Count(t => t.StatusAt(now) == TicketStatus.Held),
                stored.Count(t => t.StatusAt(now) == TicketStatus.Booked));
            Assert.Equal(expected, (snapshot.Available, snapshot.Held, snapshot.Booked));
        }
    }
}
