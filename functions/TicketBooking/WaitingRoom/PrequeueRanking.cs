using System.Security.Cryptography;
using TicketBooking.Catalog;
using TicketBooking.Storage;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Ranks an event's pre-queue when the on-sale comes: freezes it and draws a seed, writes the shuffled order
/// (<see cref="PrequeueShuffle"/>) in chunks, then gives each chunk's entries their positions, storing the progress
/// after every step. Each step is a conditional write of the event's progress, so any number of drains may push the
/// same ranking forward, and one resumed after a crash continues where it stood with the same order.
/// </summary>
public sealed class PrequeueRanking(IWaitingRoomStore store, IEventStore events, IOptions<WaitingRoomOptions> options, TimeProvider time,
    ILogger<PrequeueRanking> logger)
{
    /// <summary>Ranks every pre-queue whose on-sale has passed (by the ranking delay); how many rankings finished.</summary>
    public async Task<int> RankDueAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        foreach (var progress in await store.ListUnrankedAsync(cancellationToken))
        {
            var room = (await events.GetAsync(progress.EventId, cancellationToken))?.WaitingRoom;
            if (room is null || (progress.Phase == RankingPhase.Collecting
                && time.GetUtcNow() < room.OnSaleAt.AddSeconds(options.Value.RankingDelaySeconds)))
            {
                continue;
            }

            await EnsureRankedAsync(progress.EventId, cancellationToken);
            finished++;
        }

        return finished;
    }

    /// <summary>The event's progress, stored (created when there was none yet).</summary>
    public async Task<Versioned<RoomProgress>> LoadAsync(string eventId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await store.GetProgressAsync(eventId, cancellationToken) is { } stored)
            {
                return stored;
            }

            var fresh = new RoomProgress(eventId);
            if (await store.SaveProgressAsync(fresh, null, cancellationToken) is { } etag)
            {
                return new Versioned<RoomProgress>(fresh, etag);
            }
        }
    }

    /// <summary>Runs (or helps finish) the event's ranking; the progress once every pre-queue entry has its position.</summary>
    public async Task<Versioned<RoomProgress>> EnsureRankedAsync(string eventId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (progress, etag) = await LoadAsync(eventId, cancellationToken);
            var next = progress.Phase switch
            {
                RankingPhase.Ranked => null,
                RankingPhase.Collecting => progress with
                {
                    Phase = RankingPhase.Frozen,
                    Seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)),
                    FrozenAt = time.GetUtcNow(),
                },
                RankingPhase.Frozen => await WriteOrderAsync(progress, cancellationToken),
                _ => progress.RankedChunks >= progress.Chunks
                    ? progress with { Phase = RankingPhase.Ranked, Ordered = Math.Max(progress.Ordered, progress.Ranked) }
                    : await RankChunkAsync(progress, cancellationToken),
            };
            if (next is null)
            {
                return new Versioned<RoomProgress>(progress, etag);
            }

            // A lost race means another drain moved the ranking on: read again and carry on from there.
            if (await store.SaveProgressAsync(next, etag, cancellationToken) is not null && next.Phase == RankingPhase.Ranked)
            {
                logger.LogInformation("Ranked the pre-queue of event {EventId}: {Ranked} people in {Chunks} chunks", eventId, next.Ranked, next.Chunks);
            }
        }
    }

    /// <summary>The frozen pre-queue in its shuffled order, written chunk by chunk (rewritten the same way if this step runs again).</summary>
    private async Task<RoomProgress> WriteOrderAsync(RoomProgress progress, CancellationToken cancellationToken)
    {
        var order = PrequeueShuffle.Order(await store.ListPrequeueAsync(progress.EventId, cancellationToken), progress.Seed);
        var size = options.Value.RankingChunkSize;
        var chunks = (order.Count + size - 1) / size;
        for (var i = 0; i < chunks; i++)
        {
            var ids = order.Skip(i * size).Take(size).ToArray();
            await store.SaveRankingChunkAsync(progress.EventId, i, new RankingChunk((long)i * size + 1, ids), cancellationToken);
        }

        return progress with { Phase = RankingPhase.Ranking, Ranked = order.Count, Chunks = chunks, RankedChunks = 0 };
    }

    /// <summary>Gives the entries of the next chunk their positions.</summary>
    private async Task<RoomProgress> RankChunkAsync(RoomProgress progress, CancellationToken cancellationToken)
    {
        var index = progress.RankedChunks;
        var chunk = await store.GetRankingChunkAsync(progress.EventId, index, cancellationToken)
            ?? throw new InvalidOperationException($"Ranking chunk {index} of event {progress.EventId} is missing.");
        var stored = await store.GetEntriesAsync(progress.EventId, chunk.QueueIds, cancellationToken);
        var now = time.GetUtcNow();
        var ranked = chunk.QueueIds
            .Select((id, i) => stored.TryGetValue(id, out var entry)
                ? entry.Value with { Status = QueueEntryStatus.Ordered, Position = chunk.FirstPosition + i, OrderedAt = entry.Value.OrderedAt ?? now }
                : null)
            .OfType<QueueEntry>()
            .ToArray();
        await store.SaveEntriesAsync(progress.EventId, ranked, cancellationToken);
        var through = chunk.FirstPosition + chunk.QueueIds.Count - 1;
        return progress with { RankedChunks = index + 1, Ordered = Math.Max(progress.Ordered, through) };
    }
}
