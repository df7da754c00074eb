using TicketBooking.Storage;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>
/// A store that fails like a crashed or unreachable instance would, at a chosen point: after
/// <see cref="SkipEntryWrites"/> more entry writes (new entries or ranked ones), the next <see cref="FailEntryWrites"/>
/// throw before anything is written. Everything else goes to the real store underneath.
/// </summary>
public sealed class FailingWaitingRoomStore(IWaitingRoomStore inner) : IWaitingRoomStore
{
    public int SkipEntryWrites { get; set; }

    public int FailEntryWrites { get; set; }

    /// <summary>The next progress writes that throw before anything is written.</summary>
    public int FailProgressWrites { get; set; }

    private void MaybeFail()
    {
        if (SkipEntryWrites > 0)
        {
            SkipEntryWrites--;
            return;
        }

        if (FailEntryWrites > 0)
        {
            FailEntryWrites--;
            throw new IOException("The store went away.");
        }
    }

    public Task<QueueEntry?> GetEntryAsync(string eventId, string queueId, CancellationToken cancellationToken) =>
        inner.GetEntryAsync(eventId, queueId, cancellationToken);

    public Task<IReadOnlyDictionary<string, Versioned<QueueEntry>>> GetEntriesAsync(string eventId, IReadOnlyCollection<string> queueIds,
        CancellationToken cancellationToken) => inner.GetEntriesAsync(eventId, queueIds, cancellationToken);

    public Task<IReadOnlySet<string>> AddEntriesAsync(string eventId, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        MaybeFail();
        return inner.AddEntriesAsync(eventId, entries, cancellationToken);
    }

    public Task<bool> ReplaceEntryAsync(QueueEntry entry, string ifMatch, CancellationToken cancellationToken) =>
        inner.ReplaceEntryAsync(entry, ifMatch, cancellationToken);

    public Task SaveEntriesAsync(string eventId, IReadOnlyList<QueueEntry> entries, CancellationToken cancellationToken)
    {
        MaybeFail();
        return inner.SaveEntriesAsync(eventId, entries, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListPrequeueAsync(string eventId, CancellationToken cancellationToken) =>
        inner.ListPrequeueAsync(eventId, cancellationToken);

    public Task<Versioned<RoomProgress>?> GetProgressAsync(string eventId, CancellationToken cancellationToken) =>
        inner.GetProgressAsync(eventId, cancellationToken);

    public Task<string?> SaveProgressAsync(RoomProgress progress, string? ifMatch, CancellationToken cancellationToken)
    {
        if (FailProgressWrites > 0)
        {
            FailProgressWrites--;
            throw new IOException("The store went away.");
        }

        return inner.SaveProgressAsync(progress, ifMatch, cancellationToken);
    }

    public Task<IReadOnlyList<RoomProgress>> ListUnrankedAsync(CancellationToken cancellationToken) => inner.ListUnrankedAsync(cancellationToken);

    public Task<IReadOnlyList<RoomProgress>> ListOpenListsAsync(CancellationToken cancellationToken) => inner.ListOpenListsAsync(cancellationToken);

    public Task SaveRankingChunkAsync(string eventId, int index, RankingChunk chunk, CancellationToken cancellationToken) =>
        inner.SaveRankingChunkAsync(eventId, index, chunk, cancellationToken);

    public Task<RankingChunk?> GetRankingChunkAsync(string eventId, int index, CancellationToken cancellationToken) =>
        inner.GetRankingChunkAsync(eventId, index, cancellationToken);
}
