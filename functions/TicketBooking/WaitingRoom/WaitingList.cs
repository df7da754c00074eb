using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Storage;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// The waiting list of sold-out events: the waiting room's queue, reused. It opens when an event is sold out (no seat
/// free or held); from then on every position not yet admitted is admitted by a seat that comes back, not by the clock.
/// <see cref="AdmitAsync"/> compares the seats free on the event's availability board with the passes still running and
/// grants the difference to the next people in line with one conditional write of the event's progress (the counter of
/// seats returned to the list). It decides from the state, not from the change that woke it: two instances that see the
/// same returned seat race on that write and one of them admits; a crash before the write loses nothing, as the next
/// call finds the same seat free.
/// </summary>
public sealed class WaitingList(EventCatalog catalog, IWaitingRoomStore store, PrequeueRanking ranking, ReturnedSeats returned, TimeProvider time,
    ILogger<WaitingList> logger)
{
    private const int MaxAttempts = 10;

    /// <summary>
    /// Whether no seat of the event is free: every one is booked or held (a hold that has lapsed counts as free). Held
    /// seats count as gone: those whose holds lapse are among the seats that come back to the list.
    /// </summary>
    public async Task<bool> IsSoldOutAsync(string eventId, CancellationToken cancellationToken)
    {
        var snapshot = (await catalog.GetBoardAsync(eventId, cancellationToken)).Snapshot();
        return snapshot.Sections.Count > 0 && snapshot.Available == 0;
    }

    /// <summary>
    /// Opens the event's list (idempotent): the positions the room has admitted by now stay admitted by the clock, every
    /// later one waits for a returned seat. The progress with the list open.
    /// </summary>
    public async Task<RoomProgress> OpenAsync(EventRecord record, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (progress, etag) = await ranking.LoadAsync(record.Id, cancellationToken);
            if (progress.ListOpen)
            {
                returned.Opened(record.Id);
                return progress;
            }

            var now = time.GetUtcNow();
            var room = ActiveRoom(record, now);
            var from = room is null ? Math.Max(progress.Ordered, progress.Ranked) : Admission.Serving(room, progress.Ordered, now);
            var next = progress with
            {
                ListFrom = from,
                ListOpenedAt = now,
                // Without a room there is no pre-queue to rank: joins are ordered by arrival at once.
                Phase = room is null && progress.Phase == RankingPhase.Collecting ? RankingPhase.Ranked : progress.Phase,
            };
            if (await store.SaveProgressAsync(next, etag, cancellationToken) is not null)
            {
                returned.Opened(record.Id);
                logger.LogInformation("Event {EventId} sold out: its waiting list is open after position {ListFrom}", record.Id, from);
                return next;
            }

            if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException($"The progress of event {record.Id} kept changing while its waiting list opened.");
            }
        }
    }

    /// <summary>
    /// Admits the next people in line for the seats that came back: as many as the seats free exceed the passes still
    /// running, at most those waiting. How many were admitted by this call.
    /// </summary>
    public async Task<int> AdmitAsync(string eventId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await store.GetProgressAsync(eventId, cancellationToken) is not { Value.ListOpen: true } stored)
            {
                returned.Closed(eventId);
                return 0;
            }

            var (progress, etag) = stored;
            var record = await catalog.FindAsync(eventId, cancellationToken);
            var now = time.GetUtcNow();
            if (record.Status == EventStatus.Cancelled || now >= record.StartsAt)
            {
                // Sales are over: nobody more is admitted, and no instance looks after the list any more.
                await store.SaveProgressAsync(progress with { ListEnded = true }, etag, cancellationToken);
                returned.Closed(eventId);
                return 0;
            }

            returned.Opened(eventId);
            var free = (await catalog.GetBoardAsync(eventId, cancellationToken)).Snapshot().Available;
            var room = record.WaitingRoom;
            var want = Math.Min(free - WaitingListAdmission.RunningPasses(progress, room, now), WaitingListAdmission.Waiting(progress));
            if (want <= 0)
            {
                return 0;
            }

            var next = WaitingListAdmission.Grant(progress, (int)Math.Min(want, int.MaxValue), room, now);
            if (await store.SaveProgressAsync(next, etag, cancellationToken) is not null)
            {
                TicketBookingMetrics.RecordAdmissions(eventId, want);
                logger.LogInformation("Waiting list of event {EventId}: {Admitted} admitted for returned seats, through position {Serving}",
                    eventId, want, WaitingListAdmission.Serving(next));
                return (int)want;
            }

            // Another instance moved the list on meanwhile: decide again from what it wrote.
        }

        return 0;
    }

    /// <summary>Admits for every open list this instance knows; how many were admitted.</summary>
    public async Task<int> AdmitAllAsync(CancellationToken cancellationToken)
    {
        var admitted = 0;
        foreach (var eventId in returned.OpenLists)
        {
            try
            {
                admitted += await AdmitAsync(eventId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Admitting from the waiting list of event {EventId} failed; it is tried again", eventId);
            }
        }

        return admitted;
    }

    /// <summary>
    /// Whether this instance knows the event's list to be open: at once on the instance that opened it, within
    /// <see cref="WaitingListWatcher.RefreshInterval"/> on the others. The reserve gate asks this, so it reads nothing.
    /// </summary>
    public bool IsKnownOpen(string eventId) => returned.IsOpen(eventId);

    /// <summary>Learns the open lists from the store (after a start, and now and then for lists other instances opened).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var progress in await store.ListOpenListsAsync(cancellationToken))
        {
            returned.Opened(progress.EventId);
        }
    }

    /// <summary>The event's room when it takes joins now (pre-queue or open); null when there is none or it is off.</summary>
    public static WaitingRoomSettings? ActiveRoom(EventRecord record, DateTimeOffset now) =>
        record.WaitingRoom is { } room && room.StateAt(now) is WaitingRoomState.Prequeue or WaitingRoomState.Open ? room : null;
}
