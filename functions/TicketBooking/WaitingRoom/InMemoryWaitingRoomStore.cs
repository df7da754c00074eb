using TicketBooking.Storage;

namespace TicketBooking.WaitingRoom;

/// <summary>The embedded waiting room store: the same create-if-absent and ETag rules as Cosmos DB, in memory.</summary>
public sealed class InMemoryWaitingRoomStore : IWaitingRoomStore
{
    private const string ProgressPartition = "progress";
    private readonly InMemoryPartitionedMap<QueueEntry> _entries = new();
    private readonly InMemoryPartitionedMap<RoomProgress> _progress = new();
    private readonly InMemoryPartitionedMap<RankingChunk> _chunks = new();

    public Task<QueueEntry?> GetEntryAsync(string eventId, string queueId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_entries.Get(eventId, queueId)?.Value);
    }

    public Task<IReadOnlyDictionary<string, Versioned<QueueEntry>>> GetEntriesAsync(string eventId, IReadOnlyCollection<string> queueIds,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_entries.GetMany(eventId, queueIds));
    }

    public Task<IReadOnlySet<string>> AddEntriesAsync(string eventId, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (_entries.TryCreate(eventId, entry.QueueId, entry))
            {
                created.Add(entry.QueueId);
            }
        }

        return Task.FromResult<IReadOnlySet<string>>(created);
    }

    public Task<bool> ReplaceEntryAsync(QueueEntry entry, string ifMatch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_entries.TryReplace(entry.EventId, entry.QueueId, entry, ifMatch) is not null);
    }

    public Task SaveEntriesAsync(string eventId, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in entries)
        {
            _entries.Upsert(eventId, entry.QueueId, entry);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListPrequeueAsync(string eventId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<string>>(
            _entries.List(eventId, e => e.Status == QueueEntryStatus.Prequeue).Select(e => e.QueueId).ToArray());
    }

    public Task<Versioned<RoomProgress>?> GetProgressAsync(string eventId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_progress.Get(ProgressPartition, eventId));
    }

    public Task<string?> SaveProgressAsync(RoomProgress progress, string? ifMatch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (ifMatch is not null)
        {
            return Task.FromResult(_progress.TryReplace(ProgressPartition, progress.EventId, progress, ifMatch));
        }

        return Task.FromResult(_progress.TryCreate(ProgressPartition, progress.EventId, progress)
            ? _progress.Get(ProgressPartition, progress.EventId)?.ETag
            : null);
    }

    public Task<IReadOnlyList<RoomProgress>> ListUnrankedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_progress.List(ProgressPartition, p => p.Phase != RankingPhase.Ranked));
    }

    public Task<IReadOnlyList<RoomProgress>> ListOpenListsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_progress.List(ProgressPartition, p => p.ListOpen));
    }

    public Task SaveRankingChunkAsync(string eventId, int index, RankingChunk chunk, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _chunks.Upsert(eventId, ChunkId(index), chunk with { QueueIds = chunk.QueueIds.ToArray() });
        return Task.CompletedTask;
    }

    public Task<RankingChunk?> GetRankingChunkAsync(string eventId, int index, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_chunks.Get(eventId, ChunkId(index))?.Value);
    }

    private static string ChunkId(int index) => "rank-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
