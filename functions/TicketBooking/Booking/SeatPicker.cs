using TicketBooking.Inventory;

namespace TicketBooking.Booking;

/// <summary>
/// Best available seats: <c>quantity</c> adjacent seats in one row, nearest the front, never leaving a single orphan
/// seat beside them when another choice exists. Reads the free seats of the rows that can hold the block, front to
/// back (the availability board's <see cref="EventBoard.FreeRows"/>), and stops once later rows cannot do better; the
/// inventory's conditional hold decides who really gets the seats.
/// </summary>
public static class SeatPicker
{
    /// <summary>How many of the best, equally good blocks concurrent buyers are spread over.</summary>
    public const int Spread = 8;

    /// <summary>Candidate seat blocks, best first (at most <paramref name="limit"/>), skipping the seats in <paramref name="exclude"/>.</summary>
    public static IReadOnlyList<SeatBlock> Candidates(IEnumerable<SeatRow> rowsFrontToBack, int quantity, IReadOnlySet<string> exclude,
        int limit = Spread)
    {
        var candidates = new List<SeatBlock>();
        var clean = 0;
        foreach (var row in rowsFrontToBack)
        {
            // Rows come front to back: once enough blocks without an orphan are found, later rows cannot beat them.
            if (clean >= limit)
            {
                break;
            }

            var seats = exclude.Count == 0 ? row.FreeSeats : Array.FindAll(row.FreeSeats, t => !exclude.Contains(t.TicketId));
            var centre = (row.FirstSeat + row.LastSeat) / 2.0;
            var start = 0;
            while (start < seats.Length)
            {
                // A run of consecutive free seats [start, end).
                var end = start + 1;
                while (end < seats.Length && seats[end].Seat == seats[end - 1].Seat + 1)
                {
                    end++;
                }

                var length = end - start;
                for (var offset = 0; offset + quantity <= length; offset++)
                {
                    var left = offset;
                    var right = length - offset - quantity;
                    var block = new ArraySegment<Ticket>(seats, start + offset, quantity);
                    var middle = (block[0].Seat + block[^1].Seat) / 2.0;
                    var orphans = (left == 1 ? 1 : 0) + (right == 1 ? 1 : 0);
                    clean += orphans == 0 ? 1 : 0;
                    candidates.Add(new SeatBlock(block, orphans, row.Row, (left > 0 ? 1 : 0) + (right > 0 ? 1 : 0), Math.Abs(middle - centre)));
                }

                start = end;
            }
        }

        candidates.Sort(SeatBlock.Compare);
        return candidates.Count > limit ? candidates.GetRange(0, limit) : candidates;
    }

    /// <summary>
    /// One of the best candidates, at random among those as good as the first (same row, no more orphans), so buyers
    /// asking at the same moment spread over several blocks instead of all going for the single best one.
    /// </summary>
    public static SeatBlock Choose(IReadOnlyList<SeatBlock> candidatesBestFirst, Random random)
    {
        var best = candidatesBestFirst[0];
        var equals = 1;
        while (equals < candidatesBestFirst.Count && candidatesBestFirst[equals].AsGoodAs(best))
        {
            equals++;
        }

        return candidatesBestFirst[random.Next(equals)];
    }
}
