namespace TicketBooking.Search;

/// <summary>
/// The event search index: Azure AI Search in Azure, Lucene.Net locally. Both rank, filter, page and facet the same
/// way (docs/search.md); one query suite (tests/TicketBooking.Tests/Search) runs against both.
/// </summary>
public interface IEventSearch
{
    /// <summary>Creates or updates the index definition (a no-op where there is none to keep).</summary>
    Task EnsureIndexAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds events or replaces them whole.</summary>
    Task UpsertAsync(IReadOnlyCollection<EventSearchEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Removes events (unknown ids are ignored).</summary>
    Task DeleteAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken = default);

    /// <summary>Sets the available seat counts of events already in the index (unknown ids are ignored).</summary>
    Task SetAvailabilityAsync(IReadOnlyCollection<EventAvailability> counts, CancellationToken cancellationToken = default);

    Task<EventSearchResult> SearchAsync(EventSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Makes the index hold exactly <paramref name="entries"/>; searches keep working meanwhile.</summary>
    Task<RebuildResult> RebuildAsync(IAsyncEnumerable<EventSearchEntry> entries, CancellationToken cancellationToken = default);
}
