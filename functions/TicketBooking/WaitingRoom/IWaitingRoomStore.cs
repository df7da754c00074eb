using TicketBooking.Storage;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Where the waiting room keeps its entries, each event's progress document and the on-sale ranking's chunks: in
/// memory, or in Cosmos DB (the <c>waitingroom</c> container; entries spread over several logical partitions per event,
/// so a surge of joins never lands on one). Writes that two drains could race are conditional on an ETag.
/// </summary>
public interface IWaitingRoomStore
{
    Task<QueueEntry?> GetEntryAsync(string eventId, string queueId, CancellationToken cancellationToken);

    /// <summary>The stored entries among <paramref name="queueIds"/>, with their ETags.</summary>
    Task<IReadOnlyDictionary<string, Versioned<QueueEntry>>> GetEntriesAsync(string eventId, IReadOnlyCollection<string> queueIds,
        CancellationToken cancellationToken);

    /// <summary>Stores each entry unless one with its id exists (that one is kept); the ids that were stored.</summary>
    Task<IReadOnlySet<string>> AddEntriesAsync(string eventId, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken);

    /// <summary>Replaces an entry if its ETag is still <paramref name="ifMatch"/>; false when it changed.</summary>
    Task<bool> ReplaceEntryAsync(QueueEntry entry, string ifMatch, CancellationToken cancellationToken);

    /// <summary>Writes the entries as given (the ranking: only it writes the pre-queue entries it ranks).</summary>
    Task SaveEntriesAsync(string eventId, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken);

    /// <summary>The ids of the event's entries still in the pre-queue.</summary>
    Task<IReadOnlyList<string>> ListPrequeueAsync(string eventId, CancellationToken cancellationToken);

    Task<Versioned<RoomProgress>?> GetProgressAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the progress document (<paramref name="ifMatch"/> null; null when one exists) or replaces it if its ETag
    /// is still <paramref name="ifMatch"/> (null when it changed): the new ETag.
    /// </summary>
    Task<string?> SaveProgressAsync(RoomProgress progress, string? ifMatch, CancellationToken cancellationToken);

    /// <summary>The progress of every event whose pre-queue is not ranked yet.</summary>
    Task<IReadOnlyList<RoomProgress>> ListUnrankedAsync(CancellationToken cancellationToken);

    /// <summary>The progress of every event whose waiting list is open.</summary>
    Task<IReadOnlyList<RoomProgress>> ListOpenListsAsync(CancellationToken cancellationToken);

    /// <summary>Writes (or rewrites) chunk <paramref name="index"/> of the event's frozen pre-queue order.</summary>
    Task SaveRankingChunkAsync(string eventId, int index, RankingChunk chunk, CancellationToken cancellationToken);

    Task<RankingChunk?> GetRankingChunkAsync(string eventId, int index, CancellationToken cancellationToken);
}
