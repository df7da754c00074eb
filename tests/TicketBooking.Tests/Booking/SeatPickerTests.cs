using TicketBooking.Booking;
using TicketBooking.Inventory;

namespace TicketBooking.Tests.Booking;

public sealed class SeatPickerTests
{
    private static readonly HashSet<string> None = [];

    /// <summary>A row of seats 1..<paramref name="seats"/> of which <paramref name="taken"/> are not free.</summary>
    private static SeatRow Row(int row, int seats, params int[] taken) =>
        new(row, 1, seats, Enumerable.Range(1, seats).Where(s => !taken.Contains(s))
            .Select(s => new Ticket("e1", Ticket.IdOf("A", row, s), "A", row, s, 10m, "USD")).ToArray());

    private static int[] SeatsOf(SeatBlock block) => block.Seats.Select(t => t.Seat).ToArray();

    [Fact]
    public void AdjacentSeatsInTheFrontRowWinAndNoSingleSeatIsLeftAloneWhenAvoidable()
    {
        // Row 1 has 1-2 and 4-6 free: 1-2 leaves no orphan; 4-5 would leave seat 6 alone.
        var best = SeatPicker.Candidates([Row(1, 6, 3), Row(2, 6)], 2, None)[0];

        Assert.Equal([1, 2], SeatsOf(best));
        Assert.Equal(0, best.Orphans);
    }

    [Fact]
    public void ARowWithOnlyOrphaningBlocksLosesToACleanBlockFurtherBack()
    {
        // Row 1 has 1-3 free: any pair leaves one seat alone. Row 2 is empty.
        var best = SeatPicker.Candidates([Row(1, 3), Row(2, 6)], 2, None)[0];

        Assert.Equal(2, best.Row);
        Assert.Equal(0, best.Orphans);
    }

    [Fact]
    public void ExcludedSeatsAreNeverOffered()
    {
        var candidates = SeatPicker.Candidates([Row(1, 4)], 1, new HashSet<string> { "A-1-1", "A-1-4" }, limit: 10);

        Assert.DoesNotContain(candidates, c => c.Seats[0].Seat is 1 or 4);
        Assert.NotEmpty(candidates);
    }

    [Fact]
    public void NoCandidateWhenNoRowHasEnoughAdjacentFreeSeats()
    {
        Assert.Empty(SeatPicker.Candidates([Row(1, 6, 2, 4, 6), Row(2, 6, 1, 3, 5)], 2, None));
    }

    [Fact]
    public void RowsBehindEnoughCleanBlocksAreNotRead()
    {
        var read = new List<int>();
        IEnumerable<SeatRow> Rows()
        {
            foreach (var row in Enumerable.Range(1, 50))
            {
                read.Add(row);
                yield return Row(row, 20);
            }
        }

        SeatPicker.Candidates(Rows(), 2, None);

        Assert.Equal([1, 2], read);
    }

    [Fact]
    public void ConcurrentBuyersAreSpreadOverTheEquallyGoodBlocksOfTheBestRow()
    {
        var candidates = SeatPicker.Candidates([Row(1, 20), Row(2, 20)], 2, None);
        var random = new Random(7);

        var chosen = Enumerable.Range(0, 200).Select(_ => SeatPicker.Choose(candidates, random)).ToArray();

        Assert.All(chosen, c => Assert.Equal((1, 0), (c.Row, c.Orphans)));
        Assert.True(chosen.Select(c => c.Seats[0].Seat).Distinct().Count() >= 4, "200 buyers all went for the same few blocks");
    }

    [Fact]
    public void TheOnlyBlockAsGoodAsTheBestIsAlwaysChosen()
    {
        var candidates = SeatPicker.Candidates([Row(1, 6, 3), Row(2, 6)], 2, None);

        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal([1, 2], SeatsOf(SeatPicker.Choose(candidates, new Random(i)))));
    }
}
