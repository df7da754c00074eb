using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Inventory;

/// <summary>The board's index of free seats per row (what best available reads) and the claims of one instance's buyers.</summary>
public sealed class SeatIndexTests
{
    private readonly ManualTime _time = new();

    private static Ticket Seat(int row, int seat) => new("e1", Ticket.IdOf("A", row, seat), "A", row, seat, 10m, "USD");

    private static Ticket[] Section(int rows, int seats) =>
        [.. Enumerable.Range(1, rows).SelectMany(r => Enumerable.Range(1, seats).Select(s => Seat(r, s)))];

    private async Task<(AvailabilityBoard Board, EventBoard Event)> LoadedAsync(params Ticket[] tickets)
    {
        var board = new AvailabilityBoard(_time);
        return (board, await board.GetAsync("e1", _ => Task.FromResult<IReadOnlyList<Ticket>>(tickets), CancellationToken.None));
    }

    private static string[] Free(EventBoard board, int quantity = 1, bool includeClaimed = false) =>
        [.. board.FreeRows("A", quantity, includeClaimed).SelectMany(r => r.FreeSeats).Select(t => t.TicketId)];

    [Fact]
    public async Task HeldSeatsLeaveTheFreeRowsAndComeBackWhenTheirHoldLapses()
    {
        var (board, seats) = await LoadedAsync(Section(2, 3));
        board.OnTicketsChanged("e1", [Seat(1, 2).HeldBy("r", _time.GetUtcNow().AddMinutes(5)), Seat(2, 1).BookedBy("r")]);

        Assert.Equal(["A-1-1", "A-1-3", "A-2-2", "A-2-3"], Free(seats));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["A-1-1", "A-1-2", "A-1-3", "A-2-2", "A-2-3"], Free(seats));
    }

    [Fact]
    public async Task RowsWithFewerFreeSeatsThanAskedAreSkipped()
    {
        var (board, seats) = await LoadedAsync(Section(3, 3));
        board.OnTicketsChanged("e1", [Seat(1, 1).BookedBy("r"), Seat(1, 2).BookedBy("r"), Seat(2, 3).BookedBy("r")]);

        var rows = seats.FreeRows("A", 2).ToArray();

        Assert.Equal([2, 3], rows.Select(r => r.Row));
        Assert.Equal((1, 3), (rows[0].FirstSeat, rows[0].LastSeat));
    }

    [Fact]
    public async Task AClaimHidesItsSeatsFromOtherBuyersUntilItEnds()
    {
        var (_, seats) = await LoadedAsync(Section(1, 4));

        Assert.True(seats.TryClaim("A", [Seat(1, 2), Seat(1, 3)]));
        Assert.False(seats.TryClaim("A", [Seat(1, 3), Seat(1, 4)]));
        Assert.Equal(["A-1-1", "A-1-4"], Free(seats));
        Assert.Equal(["A-1-1", "A-1-2", "A-1-3", "A-1-4"], Free(seats, includeClaimed: true));
        Assert.True(seats.TryClaim("A", [Seat(1, 4)]));
        var ended = seats.ClaimEndedAsync("A");
        Assert.False(ended.IsCompleted);

        seats.Unclaim("A", [Seat(1, 2), Seat(1, 3)]);
        Assert.Equal(["A-1-1", "A-1-2", "A-1-3"], Free(seats));
        Assert.True(ended.IsCompleted);
    }

    [Fact]
    public async Task ASeatHeldElsewhereCannotBeClaimed()
    {
        var (board, seats) = await LoadedAsync(Section(1, 2));
        board.OnTicketsChanged("e1", [Seat(1, 1).HeldBy("r", _time.GetUtcNow().AddMinutes(1))]);

        Assert.False(seats.TryClaim("A", [Seat(1, 1)]));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(seats.TryClaim("A", [Seat(1, 1)]));
    }

    [Fact]
    public async Task ARefreshAppliesWhatTheBoardMissedAndCrowdsShareOneRead()
    {
        var (_, seats) = await LoadedAsync(Section(1, 3));
        var reads = 0;
        var gate = new TaskCompletionSource<IReadOnlyList<Ticket>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<IReadOnlyList<Ticket>> Read(CancellationToken _)
        {
            Interlocked.Increment(ref reads);
            return gate.Task;
        }

        var crowd = Enumerable.Range(0, 10).Select(_ => seats.RefreshAsync("A", Read, TimeSpan.Zero)).ToArray();
        gate.SetResult([Seat(1, 1).BookedBy("elsewhere"), Seat(1, 2), Seat(1, 3)]);
        await Task.WhenAll(crowd);

        Assert.Equal(1, reads);
        Assert.Equal(["A-1-2", "A-1-3"], Free(seats));
        await seats.RefreshAsync("A", Read, TimeSpan.FromMinutes(1));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task TheIndexMatchesTheTicketsThroughAnyMixOfChangesClaimsAndLapses()
    {
        var section = Section(6, 8);
        var (board, seats) = await LoadedAsync(section);
        var current = section.ToDictionary(t => t.TicketId);
        var claimed = new HashSet<string>();
        var random = new Random(5);

        for (var step = 0; step < 3_000; step++)
        {
            var ticket = current.Values.ElementAt(random.Next(current.Count));
            switch (random.Next(6))
            {
                case 0 or 1:
                    var changed = ticket.HeldBy($"r{random.Next(4)}", _time.GetUtcNow().AddSeconds(random.Next(-5, 60)));
                    current[ticket.TicketId] = changed;
                    board.OnTicketsChanged("e1", [changed]);
                    break;
                case 2:
                    current[ticket.TicketId] = ticket.Released();
                    board.OnTicketsChanged("e1", [current[ticket.TicketId]]);
                    break;
                case 3:
                    if (seats.TryClaim("A", [ticket]))
                    {
                        Assert.True(claimed.Add(ticket.TicketId));
                    }

                    break;
                case 4:
                    seats.Unclaim("A", [ticket]);
                    claimed.Remove(ticket.TicketId);
                    break;
                default:
                    _time.Advance(TimeSpan.FromSeconds(random.Next(0, 20)));
                    break;
            }

            var now = _time.GetUtcNow();
            var free = current.Values.Where(t => t.StatusAt(now) == TicketStatus.Available).OrderBy(t => t.Row).ThenBy(t => t.Seat)
                .Select(t => t.TicketId).ToArray();
            Assert.Equal(free, Free(seats, includeClaimed: true));
            Assert.Equal(free.Where(id => !claimed.Contains(id)), Free(seats));
        }
    }
}
