using TicketBooking.Search;

namespace TicketBooking.Tests.Search;

/// <summary>What a search must find, as filters the brute-force answer applies.</summary>
public sealed record ReferenceFilter(DateTimeOffset? StartsFrom, int? FirstDay, int? LastDay, string? CityKey, string? CategoryKey)
{
    public static ReferenceFilter Of(EventSearchQuery query)
    {
        var (first, last) = query.DayRange;
        return new ReferenceFilter(query.StartsNoEarlierThan, first, last, query.CityKey, query.CategoryKey);
    }
}

/// <summary>
/// The brute-force answer to a search: every entry checked word by word against the rules of docs/search.md
/// (exact, prefix and one-typo matches, field weights, relevance then date), written independently of both engines.
/// </summary>
public static class ReferenceSearch
{
    public static EventSearchResult Run(IEnumerable<EventSearchEntry> entries, EventSearchQuery query) =>
        Run(entries, query.Terms, ReferenceFilter.Of(query), query.Skip, query.PageSize);

    public static EventSearchResult Run(IEnumerable<EventSearchEntry> entries, IReadOnlyList<string> terms, ReferenceFilter filter, int skip, int top)
    {
        var matches = entries
            .Where(e => Passes(e, filter))
            .Select(e => (Entry: e, Score: Score(e, terms)))
            .Where(m => m.Score > 0 || terms.Count == 0)
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.Entry.StartsAt.UtcTicks)
            .ThenBy(m => m.Entry.EventId, StringComparer.Ordinal)
            .ToList();

        var facets = new SearchFacets(
            SearchFacets.Order(matches.GroupBy(m => m.Entry.City).Select(g => new FacetCount(g.Key, g.Count()))),
            SearchFacets.Order(matches.GroupBy(m => m.Entry.Category).Select(g => new FacetCount(g.Key, g.Count()))));
        return new EventSearchResult(matches.Skip(skip).Take(top).Select(m => m.Entry.ToItem()).ToArray(), matches.Count, facets);
    }

    /// <summary>The score of an entry with its score per matched word, or 0 when a word matches nowhere.</summary>
    public static int Score(EventSearchEntry entry, IReadOnlyList<string> terms)
    {
        var total = 0;
        foreach (var term in terms)
        {
            var best = 0;
            foreach (var (field, weight) in SearchRanking.Fields)
            {
                foreach (var token in SearchText.Tokenize(entry.TextOf(field)))
                {
                    var kind = token == term ? SearchRanking.ExactWeight
                        : token.StartsWith(term, StringComparison.Ordinal) ? SearchRanking.PrefixWeight
                        : term.Length >= SearchText.MinFuzzyLength && IsOneEditApart(token, term) ? SearchRanking.FuzzyWeight
                        : 0;
                    best = Math.Max(best, weight * kind);
                }
            }

            if (best == 0)
            {
                return 0;
            }

            total += best;
        }

        return total;
    }

    public static bool Passes(EventSearchEntry e, ReferenceFilter f) =>
        (f.StartsFrom is null || e.StartsAt >= f.StartsFrom)
        && (f.FirstDay is null || EventSearchQuery.DayNumber(e.StartsAt) >= f.FirstDay)
        && (f.LastDay is null || EventSearchQuery.DayNumber(e.StartsAt) <= f.LastDay)
        && (f.CityKey is null || SearchText.Key(e.City) == f.CityKey)
        && (f.CategoryKey is null || SearchText.Key(e.Category) == f.CategoryKey);

    /// <summary>One insertion, deletion, substitution or swap of two neighbours (restricted Damerau-Levenshtein distance 1).</summary>
    public static bool IsOneEditApart(string a, string b)
    {
        if (a == b)
        {
            return true;
        }

        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        if (a.Length == b.Length)
        {
            return a.AsSpan(prefix + 1).SequenceEqual(b.AsSpan(prefix + 1))
                || (prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] && a.AsSpan(prefix + 2).SequenceEqual(b.AsSpan(prefix + 2)));
        }

        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        return longer.AsSpan(prefix + 1).SequenceEqual(shorter.AsSpan(prefix));
    }
}
