namespace TicketBooking.Catalog;

/// <summary>Where events are kept. One document per event.</summary>
public interface IEventStore
{
    /// <summary>Stores a new event; false when an event with that id already exists.</summary>
    Task<bool> CreateAsync(EventRecord record, CancellationToken cancellationToken = default);

    Task<EventRecord?> GetAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Every event, in no particular order (rebuilding the search index, demo seeding checks).</summary>
    IAsyncEnumerable<EventRecord> ListAsync(CancellationToken cancellationToken = default);
}
