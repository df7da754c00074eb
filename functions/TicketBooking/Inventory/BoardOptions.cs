using System.ComponentModel.DataAnnotations;

namespace TicketBooking.Inventory;

/// <summary>The availability board's memory budget (section <c>Board</c>).</summary>
public sealed class BoardOptions
{
    public const string Section = "Board";

    /// <summary>
    /// Most seats the board keeps in memory across all events (about 120 bytes a seat for the board itself, a few
    /// hundred with the ticket copies it loads from Cosmos).
    /// Past it, events that are over go first, then the least recently used; an evicted event is loaded again on
    /// its next view. At least one event of the largest size (100,000 seats) always fits.
    /// </summary>
    [Range(100_000, 1_000_000_000)]
    public long MaxSeats { get; set; } = 2_000_000;
}
