using System.Collections.Concurrent;
using TicketBooking.Catalog;
using TicketBooking.Http;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// The waiting room as people and organizers meet it: its state, joining (a read of the entry, and a send to the join
/// queue when there is none yet), a person's entry with a pass once admitted, the reserve gate, and the organizer's
/// changes. Admission itself is never written: it follows from positions and the clock (<see cref="Admission"/>).
/// </summary>
public sealed class WaitingRooms(EventCatalog catalog, IWaitingRoomStore store, IJoinQueue queue, QueuePasses passes, TimeProvider time)
{
    /// <summary>How long an instance reuses an event's progress for the room's state (the route is cacheable for longer).</summary>
    private static readonly TimeSpan ProgressLifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, (RoomProgress Progress, DateTimeOffset ReadAt)> _progress = new(StringComparer.Ordinal);

    public static string JoinPath(string eventId) => $"/{ApiRoutes.Prefix}/event/{eventId}/queue";

    public static string EntryPath(string eventId, string queueId) => $"/{ApiRoutes.Prefix}/event/{eventId}/queue/{queueId}";

    public async Task<WaitingRoomView> GetStateAsync(string eventId, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(eventId, cancellationToken);
        if (record.WaitingRoom is not { } room)
        {
            return new WaitingRoomView(record.Id, false, WaitingRoomState.Off, null, null, null, null, 0, 0);
        }

        var now = time.GetUtcNow();
        var progress = await ProgressAsync(record.Id, minOrdered: 0, cancellationToken);
        var serving = Admission.Serving(room, progress.Ordered, now);
        var waiting = Admission.Waiting(progress, serving);
        return new WaitingRoomView(record.Id, room.Enabled, room.StateAt(now), room.OpensAt, room.OnSaleAt, room.AdmitPerMinute, room.PassMinutes,
            serving, waiting);
    }

    /// <summary>Joins the event's room (409 when it is off or not open yet); joining again answers the same entry.</summary>
    public async Task<QueueEntryView> JoinAsync(string userId, string eventId, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(eventId, cancellationToken);
        var now = time.GetUtcNow();
        var room = OpenRoomOrThrow(record, now);
        var queueId = QueueIds.For(record.Id, userId);
        if (await store.GetEntryAsync(record.Id, queueId, cancellationToken) is { } entry)
        {
            return await ViewAsync(record, room, entry, userId, cancellationToken);
        }

        await queue.SendAsync(new QueueJoin(record.Id, userId, queueId, now), cancellationToken);
        TicketBookingMetrics.RecordJoins(record.Id);
        return NotStoredYet(room, record.Id, queueId, now);
    }

    /// <summary>The caller's entry; anyone else's (or an unknown id) is not found.</summary>
    public async Task<QueueEntryView> GetEntryAsync(string userId, string eventId, string queueId, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(eventId, cancellationToken);
        if (!string.Equals(queueId, QueueIds.For(record.Id, userId), StringComparison.Ordinal))
        {
            throw EntryNotFound(queueId);
        }

        var now = time.GetUtcNow();
        if (await store.GetEntryAsync(record.Id, queueId, cancellationToken) is { } entry && record.WaitingRoom is { } room)
        {
            return await ViewAsync(record, room, entry, userId, cancellationToken);
        }

        // No entry yet: the join may still be on its way through the queue, as long as the room takes joins.
        return record.WaitingRoom is { } open && open.StateAt(now) is WaitingRoomState.Prequeue or WaitingRoomState.Open
            ? NotStoredYet(open, record.Id, queueId, now)
            : throw EntryNotFound(queueId);
    }

    /// <summary>
    /// The reserve gate: while the event's room is on, the caller needs a valid pass for this event (403
    /// <c>queue-pass-required</c> with the join URL otherwise). No read beyond the event's cached record.
    /// </summary>
    public async Task EnsureAdmittedAsync(string userId, string eventId, string? pass, CancellationToken cancellationToken)
    {
        var record = await catalog.GetRecordAsync(eventId, cancellationToken);
        if (record.WaitingRoom is not { } room || room.StateAt(time.GetUtcNow()) == WaitingRoomState.Off || passes.IsValid(pass, userId, record.Id))
        {
            return;
        }

        throw new DomainException(ErrorKind.QueuePassRequired, "A queue pass is required.",
            string.IsNullOrEmpty(pass)
                ? $"Event '{record.Id}' sells through its waiting room: join it at {JoinPath(record.Id)} and send the pass you get when admitted in the Queue-Pass header."
                : "The Queue-Pass header does not hold a valid pass for you and this event (it may have expired). Ask for your entry again, or join the waiting room.",
            new Dictionary<string, object?> { ["joinUrl"] = JoinPath(record.Id) });
    }

    /// <summary>Sets the event's waiting room (its organizer or an admin); 400 for settings that break the rules.</summary>
    public async Task<WaitingRoomView> ConfigureAsync(Auth.Caller caller, string eventId, WaitingRoomInput input, CancellationToken cancellationToken)
    {
        var changed = await catalog.SetWaitingRoomAsync(eventId, caller, async (record, ct) =>
        {
            var ordered = (await store.GetProgressAsync(record.Id, ct))?.Value.Ordered ?? 0;
            return WaitingRoomRules.Validate(input, record.WaitingRoom, record.StartsAt, ordered, time.GetUtcNow());
        }, cancellationToken);
        _progress.TryRemove(changed.Id, out _);
        return await GetStateAsync(changed.Id, cancellationToken);
    }

    private static WaitingRoomSettings OpenRoomOrThrow(EventRecord record, DateTimeOffset now)
    {
        if (record.Status == EventStatus.Cancelled)
        {
            throw CatalogErrors.Cancelled(record.Id);
        }

        var room = record.WaitingRoom;
        return room?.StateAt(now) switch
        {
            WaitingRoomState.Prequeue or WaitingRoomState.Open => room,
            WaitingRoomState.Scheduled => throw new DomainException(ErrorKind.WaitingRoomClosed, "The waiting room is not open yet.",
                $"The waiting room of event '{record.Id}' opens at {room.OpensAt:O}."),
            _ => throw new DomainException(ErrorKind.WaitingRoomClosed, "This event has no waiting room.",
                $"Event '{record.Id}' sells without a waiting room: reserve directly."),
        };
    }

    private static QueueEntryView NotStoredYet(WaitingRoomSettings room, string eventId, string queueId, DateTimeOffset now) =>
        now < room.OnSaleAt
            ? new QueueEntryView(queueId, eventId, QueueStatus.Prequeue, null, null) { RetryAfterSeconds = UntilOnSale(room, now) }
            : new QueueEntryView(queueId, eventId, QueueStatus.Pending, null, null) { RetryAfterSeconds = 2 };

    private async Task<QueueEntryView> ViewAsync(EventRecord record, WaitingRoomSettings room, QueueEntry entry, string userId,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (entry is not { Status: QueueEntryStatus.Ordered, Position: { } position })
        {
            return new QueueEntryView(entry.QueueId, record.Id, QueueStatus.Prequeue, null, null) { RetryAfterSeconds = UntilOnSale(room, now) };
        }

        var progress = await ProgressAsync(record.Id, position, cancellationToken);
        var serving = Admission.Serving(room, progress.Ordered, now);
        if (position > serving)
        {
            var wait = (long)Math.Ceiling((position - serving) * 60.0 / room.AdmitPerMinute);
            return new QueueEntryView(entry.QueueId, record.Id, QueueStatus.Waiting, position, wait)
            {
                RetryAfterSeconds = (int)Math.Clamp(wait / 4, 2, 30),
            };
        }

        var admittedAt = Admission.AdmittedAt(room, position, entry.OrderedAt ?? now);
        var expiresAt = admittedAt + Admission.PassLengthAt(room, admittedAt);
        return now < expiresAt
            ? new QueueEntryView(entry.QueueId, record.Id, QueueStatus.Admitted, position, 0, passes.Issue(userId, record.Id, expiresAt), expiresAt)
            : new QueueEntryView(entry.QueueId, record.Id, QueueStatus.Expired, position, null);
    }

    private static int UntilOnSale(WaitingRoomSettings room, DateTimeOffset now) =>
        (int)Math.Clamp(Math.Ceiling((room.OnSaleAt - now).TotalSeconds), 2, 30);

    /// <summary>
    /// The event's progress, reused for a second; read afresh when it cannot yet know <paramref name="minOrdered"/>
    /// (an entry's position proves that position was handed out), so a person's status is never behind their entry.
    /// </summary>
    private async Task<RoomProgress> ProgressAsync(string eventId, long minOrdered, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_progress.TryGetValue(eventId, out var cached) && now - cached.ReadAt < ProgressLifetime && cached.Progress.Ordered >= minOrdered)
        {
            return cached.Progress;
        }

        var progress = (await store.GetProgressAsync(eventId, cancellationToken))?.Value ?? new RoomProgress(eventId);
        _progress[eventId] = (progress, now);
        return progress;
    }

    private static DomainException EntryNotFound(string queueId) =>
        new(ErrorKind.QueueEntryNotFound, "Queue entry not found.",
            $"You have no waiting room entry '{(queueId.Length <= 64 ? queueId : queueId[..64] + "…")}' for this event.");
}
