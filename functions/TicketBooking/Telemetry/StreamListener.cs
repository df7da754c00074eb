using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TicketBooking.Telemetry;

/// <summary>One open stream counted in <see cref="TicketBookingMetrics.StreamListeners"/>; disposing it counts it out, once.</summary>
internal sealed class StreamListener(UpDownCounter<long> counter, TagList tags) : IDisposable
{
    private int _closed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            counter.Add(-1, tags);
        }
    }
}
