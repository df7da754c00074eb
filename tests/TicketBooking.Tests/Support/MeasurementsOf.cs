using System.Diagnostics.Metrics;
using TicketBooking.Telemetry;

namespace TicketBooking.Tests.Support;

/// <summary>What the application's meter records for one event (tests run in parallel; other events are ignored).</summary>
public sealed class MeasurementsOf : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _sums = [];
    private readonly Dictionary<string, long> _last = [];

    public MeasurementsOf(string eventId)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TicketBookingTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == TicketBookingTelemetry.EventIdAttribute && (string?)tag.Value == eventId)
                {
                    lock (_sums)
                    {
                        _sums[instrument.Name] = _sums.GetValueOrDefault(instrument.Name) + value;
                        _last[instrument.Name] = value;
                    }
                }
            }
        });
        _listener.Start();
    }

    public long Sum(string instrument)
    {
        lock (_sums)
        {
            return _sums.GetValueOrDefault(instrument);
        }
    }

    /// <summary>The last value recorded (for gauges); -1 when none was.</summary>
    public long Last(string instrument)
    {
        lock (_sums)
        {
            return _last.GetValueOrDefault(instrument, -1);
        }
    }

    public void Dispose() => _listener.Dispose();
}
