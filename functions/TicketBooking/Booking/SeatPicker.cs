using TicketBooking.Inventory;

namespace TicketBooking.Booking;

/// <summary>
/// Best available seats: <c>quantity</c> adjacent seats in one row, nearest the front, never leaving a single orphan
/// seat beside them when another choice exists. Works on a snapshot (the availability board); the inventory's
/// conditional hold decides who really gets them.
/// </summary>
public static class SeatPicker
{
    /// <summary>Candidate seat blocks, best first (at most <paramref name="limit"/>).</summary>
    public static IReadOnlyList<IReadOnlyList<Ticket>> Candidates(IReadOnlyList<Ticket> sectionInSeatOrder, int quantity, DateTimeOffset now,
        ISet<string> exclude, int limit = 8)
    {
        var candidates = new List<(Ticket[] Seats, int Orphans, int Row, int Fragments, double FromCentre)>();
        var clean = 0;
        foreach (var row in sectionInSeatOrder.GroupBy(t => t.Row).OrderBy(g => g.Key))
        {
            // Rows are visited front to back: once enough blocks without an orphan are found, later rows cannot beat them.
            if (clean >= limit)
            {
                break;
            }

            var seats = row.OrderBy(t => t.Seat).ToArray();
            var centre = (seats[0].Seat + seats[^1].Seat) / 2.0;
            var start = 0;
            while (start < seats.Length)
            {
                // A run of consecutive available seats [start, end).
                if (!IsFree(seats[start], now, exclude))
                {
                    start++;
                    continue;
                }

                var end = start + 1;
                while (end < seats.Length && IsFree(seats[end], now, exclude) && seats[end].Seat == seats[end - 1].Seat + 1)
                {
                    end++;
                }

                var length = end - start;
                for (var offset = 0; offset + quantity <= length; offset++)
                {
                    var left = offset;
                    var right = length - offset - quantity;
                    var block = seats[(start + offset)..(start + offset + quantity)];
                    var middle = (block[0].Seat + block[^1].Seat) / 2.0;
                    var orphans = (left == 1 ? 1 : 0) + (right == 1 ? 1 : 0);
                    clean += orphans == 0 ? 1 : 0;
                    candidates.Add((block, orphans, row.Key, (left > 0 ? 1 : 0) + (right > 0 ? 1 : 0), Math.Abs(middle - centre)));
                }

                start = end;
            }
        }

        return candidates
            .OrderBy(c => c.Orphans)
            .ThenBy(c => c.Row)
            .ThenBy(c => c.Fragments)
            .ThenBy(c => c.FromCentre)
            .ThenBy(c => c.Seats[0].Seat)
            .Take(limit)
            .Select(c => (IReadOnlyList<Ticket>)c.Seats)
            .ToArray();
    }

    private static bool IsFree(Ticket ticket, DateTimeOffset now, ISet<string> exclude) =>
        ticket.StatusAt(now) == TicketStatus.Available && !exclude.Contains(ticket.TicketId);
}
