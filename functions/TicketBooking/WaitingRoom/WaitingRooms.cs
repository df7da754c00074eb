using System.Collections.Concurrent;
using TicketBooking.Catalog;
using TicketBooking.Http;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// The waiting room as people and organizers meet it: its state, joining (a read of the entry, and a send to the join
/// queue when there is none yet), a person's entry with a pass once admitted, the reserve gate, and the organizer's
/// changes. The room's admission is never written: it follows from positions and the clock (<see cref="Admission"/>).
/// Once the event is sold out the same queue is its waiting list (<see cref="WaitingList"/>): the positions not admitted
/// by then are admitted one for each seat that comes back.
/// </summary>
public sealed class WaitingRooms(EventCatalog catalog, IWaitingRoomStore store, IJoinQueue queue, QueuePasses passes, WaitingList list, TimeProvider time)
{
    /// <summary>How often a person on the waiting list is told to ask again (a returned seat may come at any moment).</summary>
    public const int ListRetryAfterSeconds = 5;

    /// <summary>How long an instance reuses an event's progress for the room's state (the route is cacheable for longer).</summary>
    private static readonly TimeSpan ProgressLifetime = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, (RoomProgress Progress, DateTimeOffset ReadAt)> _progress = new(StringComparer.Ordinal);

    public static string JoinPath(string eventId) => $"/{ApiRoutes.Prefix}/event/{eventId}/queue";

    public static string EntryPath(string eventId, string queueId) => $"/{ApiRoutes.Prefix}/event/{eventId}/queue/{queueId}";

    public async Task<WaitingRoomView> GetStateAsync(string eventId, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(eventId, cancellationToken);
        var now = time.GetUtcNow();
        var progress = await ListProgressAsync(record, now, cancellationToken);
        var soldOut = record.Status != EventStatus.Cancelled && await list.IsSoldOutAsync(record.Id, cancellationToken);
        if (progress.ListOpen)
        {
            var room = record.WaitingRoom;
            return new WaitingRoomView(record.Id, room?.Enabled ?? false, room?.StateAt(now) ?? WaitingRoomState.Off, room?.OpensAt, room?.OnSaleAt,
                room?.AdmitPerMinute, (int)WaitingListAdmission.PassLength(room).TotalMinutes, WaitingListAdmission.Serving(progress),
                WaitingListAdmission.Waiting(progress), soldOut, ListOpen: true);
        }

        if (record.WaitingRoom is not { } open)
        {
            return new WaitingRoomView(record.Id, false, WaitingRoomState.Off, null, null, null, null, 0, 0, soldOut);
        }

        var serving = Admission.Serving(open, progress.Ordered, now);
        var waiting = Admission.Waiting(progress, serving);
        return new WaitingRoomView(record.Id, open.Enabled, open.StateAt(now), open.OpensAt, open.OnSaleAt, open.AdmitPerMinute, open.PassMinutes,
            serving, waiting, soldOut);
    }

    /// <summary>
    /// Joins the event's room, or its waiting list once it is sold out (409 when there is neither: no room or not open
    /// yet, and seats still free or held); joining again answers the same entry.
    /// </summary>
    public async Task<QueueEntryView> JoinAsync(string userId, string eventId, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(eventId, cancellationToken);
        if (record.Status == EventStatus.Cancelled)
        {
            throw CatalogErrors.Cancelled(record.Id);
        }

        var now = time.GetUtcNow();
        var room = WaitingList.ActiveRoom(record, now);
        var listOnly = false;
        if (room is null)
        {
            // No room taking joins: only the waiting list, open or opened now that the event is sold out.
            var progress = await ProgressAsync(record.Id, minOrdered: 0, cancellationToken);
            if (!progress.ListOpen)
            {
                if (now >= record.StartsAt || !await list.IsSoldOutAsync(record.Id, cancellationToken))
                {
                    throw Closed(record, now);
                }

                _progress[record.Id] = (await list.OpenAsync(record, cancellationToken), now);
            }

            listOnly = true;
        }

        var queueId = QueueIds.For(record.Id, userId);
        if (await store.GetEntryAsync(record.Id, queueId, cancellationToken) is { } entry)
        {
            return await ViewAsync(record, entry, userId, cancellationToken);
        }

        await queue.SendAsync(new QueueJoin(record.Id, userId, queueId, now), cancellationToken);
        TicketBookingMetrics.RecordJoins(record.Id);
        return NotStoredYet(listOnly ? null : room, record.Id, queueId, now);
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
        if (await store.GetEntryAsync(record.Id, queueId, cancellationToken) is { } entry)
        {
            return await ViewAsync(record, entry, userId, cancellationToken);
        }

        // No entry yet: the join may still be on its way through the queue, as long as the room or the list takes joins.
        var progress = await ProgressAsync(record.Id, minOrdered: 0, cancellationToken);
        return progress.ListOpen ? NotStoredYet(null, record.Id, queueId, now)
            : WaitingList.ActiveRoom(record, now) is { } open ? NotStoredYet(open, record.Id, queueId, now)
            : throw EntryNotFound(queueId);
    }

    /// <summary>
    /// The reserve gate: while the event's room is on or its waiting list is open, the caller needs a valid pass for this
    /// event (403 <c>queue-pass-required</c> with the join URL otherwise). No read beyond the event's cached record: the
    /// open lists are known in memory (<see cref="WaitingList.IsKnownOpen"/>).
    /// </summary>
    public async Task EnsureAdmittedAsync(string userId, string eventId, string? pass, CancellationToken cancellationToken)
    {
        var record = await catalog.GetRecordAsync(eventId, cancellationToken);
        if (passes.IsValid(pass, userId, record.Id))
        {
            return;
        }

        string where;
        if (record.WaitingRoom is { } room && room.StateAt(time.GetUtcNow()) != WaitingRoomState.Off)
        {
            where = "sells through its waiting room";
        }
        else if (list.IsKnownOpen(record.Id))
        {
            where = "is sold out: seats that come back go to the people on its waiting list, in order";
        }
        else
        {
            return;
        }

        throw new DomainException(ErrorKind.QueuePassRequired, "A queue pass is required.",
            string.IsNullOrEmpty(pass)
                ? $"Event '{record.Id}' {where}: join it at {JoinPath(record.Id)} and send the pass you get when admitted in the Queue-Pass header."
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

    /// <summary>Why there is nothing to join: the room is not open yet, the sale is over, or seats are still on sale.</summary>
    private static DomainException Closed(EventRecord record, DateTimeOffset now) =>
        record.WaitingRoom is { } room && room.StateAt(now) == WaitingRoomState.Scheduled
            ? new DomainException(ErrorKind.WaitingRoomClosed, "The waiting room is not open yet.",
                $"The waiting room of event '{record.Id}' opens at {room.OpensAt:O}.")
            : now >= record.StartsAt
                ? new DomainException(ErrorKind.WaitingRoomClosed, "The sale is over.", $"Event '{record.Id}' has started: there is nothing more to join.")
                : new DomainException(ErrorKind.NotSoldOut, "The event is not sold out.",
                    $"Event '{record.Id}' still has seats on sale and no waiting room: reserve directly. Its waiting list opens once every seat is sold or held.");

    private static QueueEntryView NotStoredYet(WaitingRoomSettings? room, string eventId, string queueId, DateTimeOffset now) =>
        room is not null && now < room.OnSaleAt
            ? new QueueEntryView(queueId, eventId, QueueStatus.Prequeue, null, null) { RetryAfterSeconds = UntilOnSale(room, now) }
            : new QueueEntryView(queueId, eventId, QueueStatus.Pending, null, null) { RetryAfterSeconds = 2 };

    private async Task<QueueEntryView> ViewAsync(EventRecord record, QueueEntry entry, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var room = record.WaitingRoom;
        if (entry is not { Status: QueueEntryStatus.Ordered, Position: { } position })
        {
            return new QueueEntryView(entry.QueueId, record.Id, QueueStatus.Prequeue, null, null)
            {
                RetryAfterSeconds = room is null ? ListRetryAfterSeconds : UntilOnSale(room, now),
            };
        }

        var progress = await ProgressAsync(record.Id, position, cancellationToken);
        if (progress.ListFrom is { } from && position > from)
        {
            return ListView(record.Id, entry, position, progress, room, userId, now);
        }

        if (room is null)
        {
            throw EntryNotFound(entry.QueueId);
        }

        var serving = Admission.Serving(room, progress.Ordered, now);
        if (position > serving && await ListProgressAsync(record, now, cancellationToken) is { ListFrom: { } listFrom } opened && position > listFrom)
        {
            // The event sold out while this person waited in the room: they now wait for a returned seat.
            return ListView(record.Id, entry, position, opened, room, userId, now);
        }

        if (position > serving)
        {
            var wait = (long)Math.Ceiling((position - serving) * 60.0 / room.AdmitPerMinute);
            return new QueueEntryView(entry.QueueId, record.Id, QueueStatus.Waiting, position, wait, Ahead: position - serving - 1)
            {
                RetryAfterSeconds = (int)Math.Clamp(wait / 4, 2, 30),
            };
        }

        var admittedAt = Admission.AdmittedAt(room, position, entry.OrderedAt ?? now);
        var expiresAt = admittedAt + Admission.PassLengthAt(room, admittedAt);
        return now < expiresAt
            ? new QueueEntryView(entry.QueueId, record.Id, QueueStatus.Admitted, position, 0, passes.Issue(userId, record.Id, expiresAt), expiresAt, Ahead: 0)
            : new QueueEntryView(entry.QueueId, record.Id, QueueStatus.Expired, position, null);
    }

    /// <summary>An entry on the waiting list: waiting with those ahead counted, admitted with a pass from its grant, or lapsed.</summary>
    private QueueEntryView ListView(string eventId, QueueEntry entry, long position, RoomProgress progress, WaitingRoomSettings? room, string userId,
        DateTimeOffset now)
    {
        var serving = WaitingListAdmission.Serving(progress);
        if (position > serving)
        {
            return new QueueEntryView(entry.QueueId, eventId, QueueStatus.Waiting, position, null, Ahead: position - serving - 1)
            {
                RetryAfterSeconds = ListRetryAfterSeconds,
            };
        }

        var expiresAt = WaitingListAdmission.AdmittedAt(progress, position) + WaitingListAdmission.PassLength(room);
        return expiresAt is { } until && now < until
            ? new QueueEntryView(entry.QueueId, eventId, QueueStatus.Admitted, position, 0, passes.Issue(userId, eventId, until), until, Ahead: 0)
            : new QueueEntryView(entry.QueueId, eventId, QueueStatus.Expired, position, null);
    }

    /// <summary>
    /// The event's progress, with its waiting list opened first when the event has a room taking joins and is sold out:
    /// those still waiting in the room then wait for returned seats.
    /// </summary>
    private async Task<RoomProgress> ListProgressAsync(EventRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var progress = await ProgressAsync(record.Id, minOrdered: 0, cancellationToken);
        if (progress.ListOpen || record.Status == EventStatus.Cancelled || now >= record.StartsAt
            || WaitingList.ActiveRoom(record, now) is not { } room || room.StateAt(now) != WaitingRoomState.Open
            || !await list.IsSoldOutAsync(record.Id, cancellationToken))
        {
            return progress;
        }

        progress = await list.OpenAsync(record, cancellationToken);
        _progress[record.Id] = (progress, now);
        return progress;
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
