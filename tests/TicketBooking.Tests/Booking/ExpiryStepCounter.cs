using System.Collections.Concurrent;
using System.Diagnostics;
using TicketBooking.Booking;
using TicketBooking.Telemetry;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// Counts the runs of the expiry step of lapsed holds (<see cref="HoldExpiry"/>'s <see cref="HoldExpiry.SpanName"/> spans)
/// per reservation, by listening to the application's activity source. Spans of other tests' reservations are counted
/// too but never asked for.
/// </summary>
public sealed class ExpiryStepCounter : IDisposable
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);
    private readonly ActivityListener _listener;

    public ExpiryStepCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TicketBookingTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == HoldExpiry.SpanName && activity.GetTagItem(TicketBookingTelemetry.ReservationIdAttribute) is string id)
                {
                    _runs.AddOrUpdate(id, 1, (_, n) => n + 1);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int RunsOf(string reservationId) => _runs.GetValueOrDefault(reservationId);

    public void Dispose() => _listener.Dispose();
}
