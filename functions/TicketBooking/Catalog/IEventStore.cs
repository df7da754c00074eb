using TicketBooking.WaitingRoom;

namespace TicketBooking.Catalog;

/// <summary>Where events are kept. One document per event.</summary>
public interface IEventStore
{
    /// <summary>Stores a new event; false when an event with that id already exists.</summary>
    Task<bool> CreateAsync(EventRecord record, CancellationToken cancellationToken = default);

    Task<EventRecord?> GetAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the event from status <paramref name="from"/> to <paramref name="to"/> (a conditional write, its version
    /// one higher). The event as it now is: also when it already was in <paramref name="to"/> (a repeated call changes
    /// nothing); null when there is no such event or it is in another status.
    /// </summary>
    Task<EventRecord?> ChangeStatusAsync(string eventId, EventStatus from, EventStatus to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the event's waiting room if the event is still at <paramref name="expectedVersion"/> (a conditional write, its
    /// version one higher): the event as it now is, or null when it changed meanwhile or does not exist.
    /// </summary>
    Task<EventRecord?> SetWaitingRoomAsync(string eventId, long expectedVersion, WaitingRoomSettings? room, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the event with <paramref name="changed"/> if the stored one is still at <paramref name="expectedVersion"/>
    /// (a conditional write; <paramref name="changed"/> carries the next version): the event as it now is, or null when
    /// it changed meanwhile or does not exist.
    /// </summary>
    Task<EventRecord?> ReplaceAsync(EventRecord changed, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>The events <paramref name="organizerId"/> created at or after <paramref name="since"/> (the organizer limits).</summary>
    Task<IReadOnlyList<EventRecord>> ListCreatedByAsync(string organizerId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Every event, in no particular order (rebuilding the search index, demo seeding checks).</summary>
    IAsyncEnumerable<EventRecord> ListAsync(CancellationToken cancellationToken = default);
}
