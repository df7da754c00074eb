using TicketBooking.Catalog;
using TicketBooking.Storage;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Moves joins from the join queue into the store, in batches: runs the rankings that are due, receives up to
/// <see cref="WaitingRoomOptions.DrainBatchSize"/> joins, writes them per event and completes them only after the
/// write (a failure abandons them, and they come back). Joins asked for before the on-sale go to the pre-queue
/// unordered; every other join gets the next position, in order of arrival, after the ranked pre-queue. Positions are
/// reserved with one conditional write of the event's progress per batch, so two drains never hand out the same one.
/// An entry already stored is kept: a join delivered twice keeps its one place.
/// </summary>
public sealed class WaitingRoomDrain(IJoinQueue queue, IWaitingRoomStore store, IEventStore events, PrequeueRanking ranking,
    AdmissionMeter meter, IOptions<WaitingRoomOptions> options, TimeProvider time, ILogger<WaitingRoomDrain> logger)
{
    private static readonly TimeSpan MaxReceiveWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One pass: drains until the queue is empty or <see cref="WaitingRoomOptions.DrainSeconds"/> have passed; the joins
    /// written. A batch's joins are completed while the next batch is received and written.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var budget = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        var written = 0;
        await ranking.RankDueAsync(cancellationToken);
        var settling = Task.CompletedTask;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var left = budget - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                var batch = await queue.ReceiveAsync(options.Value.DrainBatchSize, left < MaxReceiveWait ? left : MaxReceiveWait, cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                var (count, completing) = await WriteAsync(batch, cancellationToken);
                written += count;
                await settling;
                settling = completing;
            }
        }
        finally
        {
            await settling;
        }

        await meter.RecordAsync(cancellationToken);
        return written;
    }

    /// <summary>Writes one received batch, event by event; each event's joins are completed after their write or abandoned.</summary>
    public async Task<int> WriteBatchAsync(IReadOnlyList<JoinDelivery> batch, CancellationToken cancellationToken)
    {
        var (written, completing) = await WriteAsync(batch, cancellationToken);
        await completing;
        return written;
    }

    /// <summary>Writes a batch event by event: the joins written, and the completion of each event's joins once written.</summary>
    private async Task<(int Written, Task Completing)> WriteAsync(IReadOnlyList<JoinDelivery> batch, CancellationToken cancellationToken)
    {
        var written = 0;
        var completing = new List<Task>();
        foreach (var group in batch.GroupBy(d => d.Join.EventId, StringComparer.Ordinal))
        {
            meter.Watch(group.Key);
            var deliveries = group.OrderBy(d => d.SequenceNumber).ToArray();
            try
            {
                written += await WriteEventAsync(group.Key, deliveries, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not write {Count} joins of event {EventId}; they are abandoned and come back", deliveries.Length, group.Key);
                await queue.AbandonAsync(deliveries, CancellationToken.None);
                continue;
            }

            completing.Add(queue.CompleteAsync(deliveries, cancellationToken));
        }

        return (written, Task.WhenAll(completing));
    }

    private async Task<int> WriteEventAsync(string eventId, IReadOnlyList<JoinDelivery> deliveries, CancellationToken cancellationToken)
    {
        var room = (await events.GetAsync(eventId, cancellationToken))?.WaitingRoom;
        if (room is null && (await store.GetProgressAsync(eventId, cancellationToken))?.Value.ListOpen != true)
        {
            logger.LogWarning("Dropped {Count} joins of event {EventId}, which has no waiting room and no waiting list", deliveries.Count, eventId);
            return 0;
        }

        var joins = deliveries.Select(d => d.Join).DistinctBy(j => j.QueueId).ToArray();
        // Only a join delivered again can be stored already (its first delivery was written, then not completed): those
        // are read first. A first delivery is created without a read; the rare one whose entry exists anyway (the same
        // join sent twice and both let through) is found by its create, below.
        var again = deliveries.Where(d => d.DeliveryCount > 1).Select(d => d.Join.QueueId).Distinct(StringComparer.Ordinal).ToArray();
        var stored = again.Length == 0
            ? new Dictionary<string, Versioned<QueueEntry>>(StringComparer.Ordinal)
            : await store.GetEntriesAsync(eventId, again, cancellationToken);
        var fresh = joins.Where(j => !stored.ContainsKey(j.QueueId)).ToList();
        var now = time.GetUtcNow();

        // A pre-queue entry delivered again after the on-sale may have been left out of the ranking: checked below.
        // Without a room (a waiting list only) every join is ordered by arrival.
        var unranked = room is null || now < room.OnSaleAt
            ? []
            : stored.Values.Where(e => e.Value.Status == QueueEntryStatus.Prequeue).Select(e => e.Value.QueueId).ToList();
        var written = 0;

        var early = room is null ? [] : fresh.Where(j => j.RequestedAt < room.OnSaleAt || now < room.OnSaleAt).ToList();
        if (early.Count > 0 && await AddToPrequeueAsync(eventId, early, cancellationToken) is { } prequeued)
        {
            written += prequeued.Added.Count;
            fresh = fresh.Except(early).ToList();
            if (prequeued.Raced)
            {
                // The ranking froze the pre-queue while these were written: whatever it did not rank is ordered below.
                unranked.AddRange(prequeued.Added);
            }
        }

        if (fresh.Count == 0 && unranked.Count == 0)
        {
            return written;
        }

        // Everyone else is ordered after the pre-queue, so its ranking comes first.
        await ranking.EnsureRankedAsync(eventId, cancellationToken);
        if (fresh.Count > 0)
        {
            var first = await ReservePositionsAsync(eventId, fresh.Count, cancellationToken);
            now = time.GetUtcNow();
            var entries = fresh.Select((j, i) => new QueueEntry(j.QueueId, eventId, j.UserId, QueueEntryStatus.Ordered, j.RequestedAt, first + i, now))
                .ToArray();
            // An entry stored meanwhile (by another drain, or a join let through twice) is kept; its reserved position
            // stays unused, and a pre-queue one among them is ordered below.
            var created = await store.AddEntriesAsync(eventId, entries, cancellationToken);
            written += created.Count;
            if (created.Count < entries.Length && room is not null && now >= room.OnSaleAt)
            {
                var existing = await store.GetEntriesAsync(eventId, entries.Where(e => !created.Contains(e.QueueId)).Select(e => e.QueueId).ToArray(),
                    cancellationToken);
                unranked.AddRange(existing.Values.Where(e => e.Value.Status == QueueEntryStatus.Prequeue).Select(e => e.Value.QueueId));
            }
        }

        return written + await OrderUnrankedAsync(eventId, unranked, cancellationToken);
    }

    /// <summary>Orders, after everyone ordered so far, the pre-queue entries the ranking left out; how many it ordered.</summary>
    private async Task<int> OrderUnrankedAsync(string eventId, IReadOnlyList<string> unranked, CancellationToken cancellationToken)
    {
        var left = unranked.Count == 0
            ? []
            : (await store.GetEntriesAsync(eventId, unranked.Distinct(StringComparer.Ordinal).ToArray(), cancellationToken)).Values
                .Where(e => e.Value.Status == QueueEntryStatus.Prequeue).ToList();
        if (left.Count == 0)
        {
            return 0;
        }

        var first = await ReservePositionsAsync(eventId, left.Count, cancellationToken);
        var now = time.GetUtcNow();
        var written = 0;
        for (var i = 0; i < left.Count; i++)
        {
            var entry = left[i].Value with { Status = QueueEntryStatus.Ordered, Position = first + i, OrderedAt = now };
            if (await store.ReplaceEntryAsync(entry, left[i].ETag, cancellationToken))
            {
                written++;
            }
        }

        return written;
    }

    /// <summary>
    /// Stores pre-queue entries and counts them in the event's progress (one write); null, and nothing stored, when the
    /// pre-queue is already closed. <c>Raced</c> when the ranking froze it while they were written: some of them may
    /// then not be in its order.
    /// </summary>
    private async Task<(bool Raced, IReadOnlyList<string> Added)?> AddToPrequeueAsync(string eventId, IReadOnlyList<QueueJoin> joins,
        CancellationToken cancellationToken)
    {
        var (progress, etag) = await ranking.LoadAsync(eventId, cancellationToken);
        if (progress.Phase != RankingPhase.Collecting)
        {
            return null;
        }

        var added = await AddPrequeueEntriesAsync(eventId, joins, cancellationToken);
        while (true)
        {
            if (await store.SaveProgressAsync(progress with { Prequeued = progress.Prequeued + added.Count }, etag, cancellationToken) is not null)
            {
                return (false, added);
            }

            (progress, etag) = await ranking.LoadAsync(eventId, cancellationToken);
            if (progress.Phase != RankingPhase.Collecting)
            {
                return (true, added);
            }
        }
    }

    private async Task<IReadOnlyList<string>> AddPrequeueEntriesAsync(string eventId, IReadOnlyList<QueueJoin> joins, CancellationToken cancellationToken)
    {
        var entries = joins.Select(j => new QueueEntry(j.QueueId, eventId, j.UserId, QueueEntryStatus.Prequeue, j.RequestedAt)).ToArray();
        return (await store.AddEntriesAsync(eventId, entries, cancellationToken)).ToArray();
    }

    /// <summary>Takes <paramref name="count"/> positions after the last one handed out: the first of them.</summary>
    private async Task<long> ReservePositionsAsync(string eventId, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (progress, etag) = await ranking.LoadAsync(eventId, cancellationToken);
            if (await store.SaveProgressAsync(progress with { Ordered = progress.Ordered + count }, etag, cancellationToken) is not null)
            {
                return progress.Ordered + 1;
            }
        }
    }
}
