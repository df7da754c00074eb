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

    [Fact]
    public async Task ASectionListingIsReusedUntilThatSectionChanges()
    {
        var board = new AvailabilityBoard(_time);
        var eventBoard = await LoadedAsync(board, Seat("A", 2), Seat("A", 1), Seat("B", 1));

        var first = eventBoard.Section("a");
        board.OnTicketsChanged("e1", [Seat("B", 1).BookedBy("r")]);
        var afterOtherSection = eventBoard.Section("A");
        board.OnTicketsChanged("e1", [Seat("A", 2).HeldBy("r", _time.GetUtcNow().AddMinutes(5))]);
        var afterOwnChange = eventBoard.Section("A");

        Assert.Equal(["A-1-1", "A-1-2"], first.Tickets.Select(t => t.TicketId));
        Assert.Same(first, afterOtherSection);
        Assert.NotSame(first, afterOwnChange);
        Assert.Equal((1, 1), (afterOwnChange.Available, afterOwnChange.Held));
        Assert.Equal(TicketStatus.Available, first.Tickets[1].StatusAt(first.At));
    }

    [Fact]
    public async Task AHoldLapsingChangesItsSectionListing()
    {
        var board = new AvailabilityBoard(_time);
        var eventBoard = await LoadedAsync(board, Seat("A", 1), Seat("B", 1));
        board.OnTicketsChanged("e1", [Seat("A", 1).HeldBy("r", _time.GetUtcNow().AddMinutes(10))]);
        var held = eventBoard.Section("A");
        var other = eventBoard.Section("B");

        _time.Advance(TimeSpan.FromMinutes(10));
        var lapsed = eventBoard.Section("A");

        Assert.Equal(TicketStatus.Held, held.Tickets[0].StatusAt(held.At));
        Assert.Equal(TicketStatus.Available, lapsed.Tickets[0].StatusAt(lapsed.At));
        Assert.Equal((1, 0), (lapsed.Available, lapsed.Held));
        Assert.Same(other, eventBoard.Section("B"));
    }

    [Fact]
    public async Task CountsMatchTheTicketsThroughAnyMixOfChangesAndLapses()
    {
        var board = new AvailabilityBoard(_time);
        var seats = Enumerable.Range(1, 40).Select(i => Seat(i % 3 == 0 ? "B" : "A", i)).ToArray();
        var eventBoard = await LoadedAsync(board, seats);
        var current = seats.ToDictionary(t => t.TicketId);
        var random = new Random(11);

        for (var step = 0; step < 2_000; step++)
        {
            var ticket = current.Values.ElementAt(random.Next(current.Count));
            var changed = random.Next(5) switch
            {
                0 or 1 => ticket.HeldBy($"r{random.Next(4)}", _time.GetUtcNow().AddSeconds(random.Next(-5, 60))),
                2 => ticket.Released(),
                3 => ticket.BookedBy("r"),
                _ => ticket with { Version = ticket.Version - 1 }, // a stale copy arriving late
            };
            if (changed.Version > ticket.Version)
            {
                current[ticket.TicketId] = changed;
            }

            board.OnTicketsChanged("e1", [changed]);
            if (random.Next(4) == 0)
            {
                _time.Advance(TimeSpan.FromSeconds(random.Next(0, 20)));
            }

            var now = _time.GetUtcNow();
            foreach (var section in eventBoard.Snapshot().Sections)
            {
                var truth = current.Values.Where(t => t.Section == section.Section).Select(t => t.StatusAt(now)).ToArray();
                Assert.Equal((truth.Count(s => s == TicketStatus.Available), truth.Count(s => s == TicketStatus.Held), truth.Count(s => s == TicketStatus.Booked)),
                    (section.Available, section.Held, section.Booked));
                var listing = eventBoard.Section(section.Section);
                Assert.Equal(truth, listing.Tickets.Select(t => t.StatusAt(listing.At)));
            }
        }
    }

    [Fact]
    public async Task ASnapshotSaysWhenTheNextHoldLapses()
    {
        var board = new AvailabilityBoard(_time);
        var eventBoard = await LoadedAsync(board, Seat("A", 1), Seat("A", 2));
        var soon = _time.GetUtcNow().AddMinutes(3);
        board.OnTicketsChanged("e1", [Seat("A", 1).HeldBy("r", _time.GetUtcNow().AddMinutes(8)), Seat("A", 2).HeldBy("r", soon)]);

        Assert.Equal(soon, eventBoard.Snapshot().ValidUntil);
        board.OnTicketsChanged("e1", [Seat("A", 2).HeldBy("r", soon).Released()]); // released before it lapses

        Assert.Equal(_time.GetUtcNow().AddMinutes(8), eventBoard.Snapshot().ValidUntil);
    }
}
