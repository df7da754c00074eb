using TicketBooking.Catalog;

namespace TicketBooking.Search;

public sealed record SearchFacets(IReadOnlyList<FacetCount> City, IReadOnlyList<FacetCount> Category)
{
    /// <summary>At most this many values per facet, the most frequent first (ties by value).</summary>
    public const int MaxValues = 50;

    public static IReadOnlyList<FacetCount> Order(IEnumerable<FacetCount> counts) =>
        counts.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).Take(MaxValues).ToArray();
}
