using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;
using TicketBooking.Storage;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// The waiting room in Cosmos DB, one container (<c>waitingroom</c>, partition key <c>/partition</c>) with three kinds
/// of document:
/// <list type="bullet">
/// <item>entries, id = queue id, partition <c>{eventId}|{bucket}</c> with <see cref="EntryBuckets"/> buckets per event
/// taken from the queue id's hash, so a surge of joins is spread over many logical partitions;</item>
/// <item>each event's progress, id = event id, all in partition <c>progress</c> (one write per drained batch, and the
/// drain finds the rankings to run, and the waiting lists find the open lists, with one single-partition query);</item>
/// <item>the chunks of a frozen pre-queue order, partition <c>{eventId}|ranking</c>.</item>
/// </list>
/// </summary>
public sealed class CosmosWaitingRoomStore(Container container) : IWaitingRoomStore
{
    /// <summary>Logical partitions per event for its entries: a million joins in ten minutes is about 50 writes a second in each.</summary>
    public const int EntryBuckets = 32;

    private const string ProgressPartition = "progress";
    private const int WriteParallelism = 64;

    public sealed record EntryDocument(
        [property: JsonPropertyName("id")] string Id,
        string Partition,
        string Kind,
        string EventId,
        string UserId,
        QueueEntryStatus Status,
        DateTimeOffset JoinedAt,
        long? Position,
        DateTimeOffset? OrderedAt,
        [property: JsonPropertyName("_etag")] string? ETag = null)
    {
        public static EntryDocument From(QueueEntry e) =>
            new(e.QueueId, PartitionOf(e.EventId, e.QueueId), "entry", e.EventId, e.UserId, e.Status, e.JoinedAt, e.Position, e.OrderedAt);

        public QueueEntry ToEntry() => new(Id, EventId, UserId, Status, JoinedAt, Position, OrderedAt);
    }

    public sealed record ProgressDocument(
        [property: JsonPropertyName("id")] string Id,
        string Partition,
        string Kind,
        RankingPhase Phase,
        long Prequeued,
        long Ordered,
        long Seed,
        long Ranked,
        int Chunks,
        int RankedChunks,
        DateTimeOffset? FrozenAt,
        bool ListOpen = false,
        long? ListFrom = null,
        DateTimeOffset? ListOpenedAt = null,
        long Returned = 0,
        IReadOnlyList<ListGrant>? Grants = null,
        bool ListEnded = false,
        [property: JsonPropertyName("_etag")] string? ETag = null)
    {
        public static ProgressDocument From(RoomProgress p) =>
            new(p.EventId, ProgressPartition, "progress", p.Phase, p.Prequeued, p.Ordered, p.Seed, p.Ranked, p.Chunks, p.RankedChunks, p.FrozenAt,
                p.ListOpen, p.ListFrom, p.ListOpenedAt, p.Returned, p.Grants, p.ListEnded);

        public RoomProgress ToProgress() =>
            new(Id, Phase, Prequeued, Ordered, Seed, Ranked, Chunks, RankedChunks, FrozenAt, ListFrom, ListOpenedAt, Returned, Grants, ListEnded);
    }

    public sealed record ChunkDocument([property: JsonPropertyName("id")] string Id, string Partition, string Kind, string EventId,
        long FirstPosition, IReadOnlyList<string> QueueIds);

    private sealed record IdOnly([property: JsonPropertyName("id")] string Id);

    /// <summary>The partition of an entry: its event and one of <see cref="EntryBuckets"/> buckets from the queue id's hash.</summary>
    public static string PartitionOf(string eventId, string queueId)
    {
        var hex = queueId.Length >= 4 ? queueId.AsSpan(queueId.Length - 4) : queueId.AsSpan();
        var bucket = int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value % EntryBuckets : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{eventId}|{bucket:00}");
    }

    public async Task<QueueEntry?> GetEntryAsync(string eventId, string queueId, CancellationToken cancellationToken) =>
        (await container.ReadOrNullAsync<EntryDocument>(queueId, new PartitionKey(PartitionOf(eventId, queueId)), cancellationToken))?.Value.ToEntry();

    public async Task<IReadOnlyDictionary<string, Versioned<QueueEntry>>> GetEntriesAsync(string eventId, IReadOnlyCollection<string> queueIds,
        CancellationToken cancellationToken)
    {
        var reads = await Task.WhenAll(queueIds.Select(id =>
            container.ReadOrNullAsync<EntryDocument>(id, new PartitionKey(PartitionOf(eventId, id)), cancellationToken)));
        return reads.OfType<Versioned<EntryDocument>>()
            .ToDictionary(r => r.Value.Id, r => new Versioned<QueueEntry>(r.Value.ToEntry(), r.ETag), StringComparer.Ordinal);
    }

    public async Task<IReadOnlySet<string>> AddEntriesAsync(string eventId, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        var gate = new Lock();
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                var document = EntryDocument.From(entry);
                if (await container.CreateIfAbsentAsync(document, new PartitionKey(document.Partition), ct))
                {
                    lock (gate)
                    {
                        created.Add(entry.QueueId);
                    }
                }
            });
        return created;
    }

    public async Task<bool> ReplaceEntryAsync(QueueEntry entry, string ifMatch, CancellationToken cancellationToken)
    {
        var document = EntryDocument.From(entry);
        return await container.ReplaceIfMatchAsync(document, document.Id, new PartitionKey(document.Partition), ifMatch, cancellationToken) is not null;
    }

    public async Task SaveEntriesAsync(string eventId, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = WriteParallelism, CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                var document = EntryDocument.From(entry);
                await container.UpsertItemAsync(document, new PartitionKey(document.Partition),
                    new ItemRequestOptions { EnableContentResponseOnWrite = false }, ct);
            });

    public async Task<IReadOnlyList<string>> ListPrequeueAsync(string eventId, CancellationToken cancellationToken)
    {
        var buckets = await Task.WhenAll(Enumerable.Range(0, EntryBuckets).Select(bucket =>
        {
            var partition = string.Create(CultureInfo.InvariantCulture, $"{eventId}|{bucket:00}");
            var query = new QueryDefinition("SELECT c.id FROM c WHERE c.partition = @partition AND c.kind = 'entry' AND c.status = @status")
                .WithParameter("@partition", partition).WithParameter("@status", "prequeue");
            return container.QueryPartitionAsync<IdOnly>(query, new PartitionKey(partition), 1000, cancellationToken);
        }));
        return buckets.SelectMany(b => b.Select(d => d.Id)).ToArray();
    }

    public async Task<Versioned<RoomProgress>?> GetProgressAsync(string eventId, CancellationToken cancellationToken) =>
        await container.ReadOrNullAsync<ProgressDocument>(eventId, new PartitionKey(ProgressPartition), cancellationToken) is { } read
            ? new Versioned<RoomProgress>(read.Value.ToProgress(), read.ETag)
            : null;

    public async Task<string?> SaveProgressAsync(RoomProgress progress, string? ifMatch, CancellationToken cancellationToken)
    {
        var document = ProgressDocument.From(progress);
        var partition = new PartitionKey(ProgressPartition);
        if (ifMatch is not null)
        {
            return await container.ReplaceIfMatchAsync(document, document.Id, partition, ifMatch, cancellationToken);
        }

        try
        {
            var created = await container.CreateItemAsync(document, partition, new ItemRequestOptions { EnableContentResponseOnWrite = false },
                cancellationToken);
            return created.ETag;
        }
        catch (CosmosException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<RoomProgress>> ListUnrankedAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.partition = @partition AND c.kind = 'progress' AND c.phase != @ranked")
            .WithParameter("@partition", ProgressPartition).WithParameter("@ranked", "ranked");
        var documents = await container.QueryPartitionAsync<ProgressDocument>(query, new PartitionKey(ProgressPartition), 500, cancellationToken);
        return documents.Select(d => d.ToProgress()).ToArray();
    }

    public async Task<IReadOnlyList<RoomProgress>> ListOpenListsAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.partition = @partition AND c.kind = 'progress' AND c.listOpen = true")
            .WithParameter("@partition", ProgressPartition);
        var documents = await container.QueryPartitionAsync<ProgressDocument>(query, new PartitionKey(ProgressPartition), 500, cancellationToken);
        return documents.Select(d => d.ToProgress()).ToArray();
    }

    public async Task SaveRankingChunkAsync(string eventId, int index, RankingChunk chunk, CancellationToken cancellationToken)
    {
        var document = new ChunkDocument(ChunkId(index), RankingPartition(eventId), "ranking", eventId, chunk.FirstPosition, chunk.QueueIds);
        await container.UpsertItemAsync(document, new PartitionKey(document.Partition), new ItemRequestOptions { EnableContentResponseOnWrite = false },
            cancellationToken);
    }

    public async Task<RankingChunk?> GetRankingChunkAsync(string eventId, int index, CancellationToken cancellationToken) =>
        await container.ReadOrNullAsync<ChunkDocument>(ChunkId(index), new PartitionKey(RankingPartition(eventId)), cancellationToken) is { } read
            ? new RankingChunk(read.Value.FirstPosition, read.Value.QueueIds)
            : null;

    private static string RankingPartition(string eventId) => eventId + "|ranking";

    private static string ChunkId(int index) => "rank-" + index.ToString(CultureInfo.InvariantCulture);
}
