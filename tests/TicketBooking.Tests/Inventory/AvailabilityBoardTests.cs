using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Inventory;

public sealed class AvailabilityBoardTests
{
    private readonly ManualTime _time = new();

    private static Ticket Seat(string section, int seat, long version = 1) => new("e1", Ticket.IdOf(section, 1, seat), section, 1, seat, 10m, "USD", Version: version);

    private async Task<EventBoard> LoadedAsync(AvailabilityBoard board, params Ticket[] tickets) =>
        await board.GetAsync("e1", _ => Task.FromResult<IReadOnlyList<Ticket>>(tickets), CancellationToken.None);

    [Fact]
    public async Task CountsFollowEveryChange()
    {
        var board = new AvailabilityBoard(_time);
        var eventBoard = await LoadedAsync(board, Seat("A", 1), Seat("A", 2), Seat("B", 1));

        board.OnTicketsChanged("e1", [Seat("A", 1, 2).HeldBy("r", _time.GetUtcNow().AddMinutes(10)) with { Version = 2 }]);
        var snapshot = eventBoard.Snapshot();

        var a = snapshot.Sections.Single(s => s.Section == "A");
        Assert.Equal((2, 1, 1, 0), (a.Capacity, a.Available, a.Held, a.Booked));
        Assert.Equal(2, snapshot.Available);
    }

    [Fact]
    public async Task AnOlderVersionNeverOverwritesANewerOne()
    {
        var board = new AvailabilityBoard(_time);
        var eventBoard = await LoadedAsync(board, Seat("A", 1));

        board.OnTicketsChanged("e1", [Seat("A", 1).BookedBy("r")]); // version 2
        board.OnTicketsChanged("e1", [Seat("A", 1).HeldBy("r", _time.GetUtcNow().AddMinutes(1)) with { Version = 2 }]);
        board.OnTicketsChanged("e1", [Seat("A", 1)]); // version 1 again, late

        Assert.Equal(1, eventBoard.Snapshot().Sections.Single().Booked);
    }

    [Fact]
    public async Task ASnapshotIsReusedUntilAHoldLapses()
    {
        var board = new AvailabilityBoard(_time);
        var eventBoard = await LoadedAsync(board, Seat("A", 1), Seat("A", 2));
        board.OnTicketsChanged("e1", [Seat("A", 1).HeldBy("r", _time.GetUtcNow().AddMinutes(10))]);

        var first = eventBoard.Snapshot();
        Assert.Same(first, eventBoard.Snapshot());
        _time.Advance(TimeSpan.FromMinutes(10));
        var later = eventBoard.Snapshot();

        Assert.NotSame(first, later);
        Assert.Equal(1, first.Available);
        Assert.Equal(2, later.Available);
    }

    [Fact]
    public async Task ChangesBeforeTheFirstViewAreNotLost()
    {
        var board = new AvailabilityBoard(_time);
        board.OnTicketsChanged("e1", [Seat("A", 1).BookedBy("r")]); // not tracked yet: the load reads the store

        var eventBoard = await LoadedAsync(board, Seat("A", 1).BookedBy("r"), Seat("A", 2));

        Assert.Equal(1, eventBoard.Snapshot().Sections.Single().Booked);
    }
}
