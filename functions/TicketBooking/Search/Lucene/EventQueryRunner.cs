using Lucene.Net.Index;
using Lucene.Net.Search;

namespace TicketBooking.Search.Lucene;

/// <summary>
/// Answers an <see cref="EventSearchQuery"/> from an index reader: per segment the word matches
/// (<see cref="WordScores"/>), then one pass over the segment's columns (<see cref="SegmentColumns"/>) that filters,
/// counts facets and keeps the best page (<see cref="TopHits"/>).
/// </summary>
internal static class EventQueryRunner
{
    public static EventSearchResult Run(IndexSearcher searcher, EventSearchQuery query)
    {
        var terms = query.Terms;
        var top = new TopHits(query.Skip + query.PageSize);
        var cities = new FacetCounts();
        var categories = new FacetCounts();
        var total = 0L;
        var from = query.StartsNoEarlierThan?.ToUnixTimeMilliseconds() ?? long.MinValue;
        var (firstDay, lastDay) = query.DayRange;
        var first = firstDay ?? int.MinValue;
        var last = lastDay ?? int.MaxValue;

        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var columns = SegmentColumns.Of(reader);
            var cityOk = SegmentColumns.Allowed(columns.CityKeys, query.CityKey);
            var categoryOk = SegmentColumns.Allowed(columns.CategoryKeys, query.CategoryKey);
            if (cityOk is { Length: 0 } || categoryOk is { Length: 0 })
            {
                continue;
            }

            var maxDoc = reader.MaxDoc;
            var scored = terms.Count == 0 ? null : WordScores.Of(reader, terms);
            try
            {
                if (scored is { Count: 0 })
                {
                    continue;
                }

                var live = reader.LiveDocs;
                var cityCounts = new int[columns.CityValues.Length];
                var categoryCounts = new int[columns.CategoryValues.Length];
                // Which documents to look at: those that matched every word, else those of the wanted city, else all.
                var (docs, count) = scored is not null ? (scored.Candidates, scored.Count)
                    : cityOk is not null ? columns.DocsOf(cityOk)
                    : (null, maxDoc);
                for (var i = 0; i < count; i++)
                {
                    var doc = docs is null ? i : docs[i];
                    if (columns.StartsAt[doc] < from
                        || columns.LocalDate[doc] < first
                        || columns.LocalDate[doc] > last
                        || (live is not null && !live.Get(doc)))
                    {
                        continue;
                    }

                    var city = columns.CityOrds[doc];
                    var category = columns.CategoryOrds[doc];
                    if ((cityOk is not null && (city < 0 || !cityOk[city])) || (categoryOk is not null && (category < 0 || !categoryOk[category])))
                    {
                        continue;
                    }

                    total++;
                    if (city >= 0)
                    {
                        cityCounts[city]++;
                    }

                    if (category >= 0)
                    {
                        categoryCounts[category]++;
                    }

                    top.Offer(new Hit(scored?.Scores[doc] ?? 0, columns.StartsAt[doc], columns.Ids[doc], leaf.DocBase + doc));
                }

                cities.Fold(columns.CityValues, cityCounts);
                categories.Fold(columns.CategoryValues, categoryCounts);
            }
            finally
            {
                scored?.Dispose();
            }
        }

        var leaves = searcher.IndexReader.Leaves;
        var items = top.Best().Skip(query.Skip).Take(query.PageSize).Select(hit =>
        {
            var leaf = leaves[ReaderUtil.SubIndex(hit.Doc, leaves)];
            var doc = hit.Doc - leaf.DocBase;
            var entry = SegmentColumns.Of(leaf.AtomicReader).Entry(leaf.AtomicReader, doc);
            return entry.ToItem() with { Available = EventDocuments.Available(leaf.AtomicReader, doc, entry) };
        }).ToArray();

        return new EventSearchResult(items, total, new SearchFacets(cities.Ordered(), categories.Ordered()));
    }
}
