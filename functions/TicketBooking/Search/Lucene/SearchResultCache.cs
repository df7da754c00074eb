using System.Collections.Concurrent;
using Lucene.Net.Index;

namespace TicketBooking.Search.Lucene;

/// <summary>
/// Answers kept for an equal search on the same reader (a query result cache, as Solr keeps one per searcher). Every
/// write opens a new reader, so an answer found here is never stale.
/// </summary>
internal sealed class SearchResultCache
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, (IndexReader Reader, EventSearchResult Result)> _results = new(StringComparer.Ordinal);

    public bool TryGet(EventSearchQuery query, IndexReader reader, out EventSearchResult result)
    {
        if (_results.TryGetValue(Key(query), out var cached) && ReferenceEquals(cached.Reader, reader))
        {
            result = cached.Result;
            return true;
        }

        result = null!;
        return false;
    }

    public void Add(EventSearchQuery query, IndexReader reader, EventSearchResult result)
    {
        if (_results.Count >= Capacity)
        {
            _results.Clear();
        }

        _results[Key(query)] = (reader, result);
    }

    /// <summary>Equal searches have equal keys: the folded words and keys, the day range, the start bound and the page.</summary>
    private static string Key(EventSearchQuery query)
    {
        var (first, last) = query.DayRange;
        return string.Join('|', string.Join(' ', query.Terms), query.CityKey, query.CategoryKey, first, last,
            query.StartsNoEarlierThan?.UtcTicks, query.Skip, query.PageSize);
    }
}
