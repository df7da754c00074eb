namespace TicketBooking.Search.Lucene;

/// <summary>One facet's counts over a whole search: each segment counts by ordinal, then folds its counts in by value.</summary>
internal sealed class FacetCounts
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Adds a segment's counts (<paramref name="counts"/> by ordinal, <paramref name="values"/> the ordinals' values).</summary>
    public void Fold(string[] values, int[] counts)
    {
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] > 0)
            {
                _counts[values[ord]] = _counts.GetValueOrDefault(values[ord]) + counts[ord];
            }
        }
    }

    /// <summary>The values with their counts, in the order of <see cref="SearchFacets.Order"/>.</summary>
    public IReadOnlyList<FacetCount> Ordered() => SearchFacets.Order(_counts.Select(c => new FacetCount(c.Key, c.Value)));
}
