using TicketBooking.Catalog;

namespace TicketBooking.Search;

/// <summary>What a rebuild did.</summary>
public sealed record RebuildResult(int Indexed, int Removed, TimeSpan Elapsed);
