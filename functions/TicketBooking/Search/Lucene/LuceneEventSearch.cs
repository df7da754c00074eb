namespace TicketBooking.Search.Lucene;

/// <summary>
/// The local search engine: a Lucene.Net index in a folder (<see cref="EventSearchOptions.IndexPath"/>) or in memory
/// (<see cref="LuceneIndex"/>).
/// <para>
/// A search reads the index directly rather than through Lucene's query scorers (<see cref="EventQueryRunner"/>): per word
/// it walks the postings of the exact word, of the longer words that begin with it and of the words one typo away (found
/// in the term dictionary with automata), keeping each document's best weighted match; then one pass over the segment's
/// columns (start time, local day, city, category, id) filters, counts facets and keeps the best page. That is several
/// times faster than the equivalent <c>DisjunctionMaxQuery</c> of constant-score clauses, and gives exactly the ranking
/// of docs/search.md.
/// </para>
/// </summary>
public sealed class LuceneEventSearch : IEventSearch, IDisposable
{
    private readonly LuceneIndex _index;
    private readonly SearchResultCache _results = new();

    /// <summary>An index in <paramref name="indexPath"/> (kept across restarts), or in memory when it is null or empty.</summary>
    public LuceneEventSearch(string? indexPath = null) => _index = new LuceneIndex(indexPath);

    /// <summary>
    /// Whether answers are reused for an equal search on the same reader (<see cref="SearchResultCache"/>). Every write
    /// opens a new reader, so a cached answer is never stale. On by default.
    /// </summary>
    public bool ResultCacheEnabled { get; set; } = true;

    public Task EnsureIndexAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UpsertAsync(IReadOnlyCollection<EventSearchEntry> entries, CancellationToken cancellationToken = default) =>
        _index.WriteAsync(writer =>
        {
            foreach (var entry in entries)
            {
                writer.UpdateDocument(EventDocuments.IdTerm(entry.EventId), EventDocuments.From(entry));
            }
        }, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default) =>
        _index.WriteAsync(writer => writer.DeleteDocuments(eventIds.Select(EventDocuments.IdTerm).ToArray()), cancellationToken);

    public Task SetAvailabilityAsync(IReadOnlyCollection<EventAvailability> counts, CancellationToken cancellationToken = default) =>
        _index.WriteAsync(writer => _index.Read(searcher =>
        {
            foreach (var count in counts)
            {
                // Updating doc values of a missing document would be a no-op; skipping saves the work.
                var id = EventDocuments.IdTerm(count.EventId);
                if (searcher.IndexReader.DocFreq(id) > 0)
                {
                    writer.UpdateNumericDocValue(id, LuceneFields.Available, count.Available);
                }
            }

            return counts.Count;
        }), cancellationToken);

    public async Task<RebuildResult> RebuildAsync(IAsyncEnumerable<EventSearchEntry> entries, CancellationToken cancellationToken = default)
    {
        var started = TimeProvider.System.GetTimestamp();
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        var before = await _index.ReplaceAllAsync(async writer =>
        {
            await foreach (var entry in entries.WithCancellation(cancellationToken))
            {
                writer.UpdateDocument(EventDocuments.IdTerm(entry.EventId), EventDocuments.From(entry));
                indexed.Add(entry.EventId);
            }
        }, cancellationToken);
        return new RebuildResult(indexed.Count, before.Count(id => !indexed.Contains(id)), TimeProvider.System.GetElapsedTime(started));
    }

    public Task<EventSearchResult> SearchAsync(EventSearchQuery query, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_index.Read(searcher =>
        {
            if (!ResultCacheEnabled)
            {
                return EventQueryRunner.Run(searcher, query);
            }

            // Results are cached for the reader they were computed on; any write refreshes the reader and so retires them.
            if (_results.TryGet(query, searcher.IndexReader, out var cached))
            {
                return cached;
            }

            var result = EventQueryRunner.Run(searcher, query);
            _results.Add(query, searcher.IndexReader, result);
            return result;
        }));
    }

    public void Dispose() => _index.Dispose();
}
