using TicketBooking.Inventory;

namespace TicketBooking.Booking;

/// <summary>
/// A candidate for best available: adjacent free seats of one row, with what makes it better or worse than another
/// (fewer single seats left alone beside it, then a nearer row, then fewer pieces the run is cut into, then nearer the
/// row's middle).
/// </summary>
public readonly record struct SeatBlock(ArraySegment<Ticket> Seats, int Orphans, int Row, int Fragments, double FromCentre)
{
    /// <summary>Whether this block is as good as <paramref name="best"/> for a buyer: no more orphans, the same row.</summary>
    public bool AsGoodAs(SeatBlock best) => Orphans == best.Orphans && Row == best.Row;

    public static int Compare(SeatBlock a, SeatBlock b)
    {
        var order = a.Orphans.CompareTo(b.Orphans);
        order = order != 0 ? order : a.Row.CompareTo(b.Row);
        order = order != 0 ? order : a.Fragments.CompareTo(b.Fragments);
        order = order != 0 ? order : a.FromCentre.CompareTo(b.FromCentre);
        return order != 0 ? order : a.Seats[0].Seat.CompareTo(b.Seats[0].Seat);
    }
}
