using System.Collections.Concurrent;
using TicketBooking.Catalog;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Turns each room's wall-clock admission into metrics: people admitted since the last look (a counter) and people
/// still waiting (a gauge). Admission is never written, so the drain, which runs one at a time (a loop in the local host,
/// a timer function in Azure), looks after each pass at the events whose joins it wrote in the last hours.
/// </summary>
public sealed class AdmissionMeter(IWaitingRoomStore store, IEventStore events, TimeProvider time)
{
    private static readonly TimeSpan WatchFor = TimeSpan.FromHours(6);

    private readonly ConcurrentDictionary<string, (long Serving, DateTimeOffset LastJoin)> _watched = new(StringComparer.Ordinal);

    /// <summary>Keeps an event in view (its joins were just written).</summary>
    public void Watch(string eventId) =>
        _watched.AddOrUpdate(eventId, _ => (-1, time.GetUtcNow()), (_, watched) => watched with { LastJoin = time.GetUtcNow() });

    /// <summary>Records, for every event in view, the admissions since the last look and the people waiting.</summary>
    public async Task RecordAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (eventId, watched) in _watched)
        {
            if (now - watched.LastJoin > WatchFor)
            {
                _watched.TryRemove(eventId, out _);
                continue;
            }

            var room = (await events.GetAsync(eventId, cancellationToken))?.WaitingRoom;
            var progress = (await store.GetProgressAsync(eventId, cancellationToken))?.Value;
            if (progress is { ListOpen: true })
            {
                // A sold-out event's waiting list counts its admissions as it grants them (WaitingList).
                TicketBookingMetrics.RecordQueueLength(eventId, WaitingListAdmission.Waiting(progress));
                continue;
            }

            if (room is null || progress is null)
            {
                continue;
            }

            var serving = Admission.Serving(room, progress.Ordered, now);
            if (watched.Serving >= 0 && serving > watched.Serving)
            {
                TicketBookingMetrics.RecordAdmissions(eventId, serving - watched.Serving);
            }

            TicketBookingMetrics.RecordQueueLength(eventId, Admission.Waiting(progress, serving));
            _watched[eventId] = watched with { Serving = serving };
        }
    }
}
