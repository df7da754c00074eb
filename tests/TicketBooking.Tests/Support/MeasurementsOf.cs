using System.Diagnostics.Metrics;
using TicketBooking.Telemetry;

namespace TicketBooking.Tests.Support;

/// <summary>What the application's meter records for one event (tests run in parallel; other events are ignored).</summary>
public sealed class MeasurementsOf : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _sums = [];
    private readonly Dictionary<string, long> _last = [];
    private readonly Dictionary<(string Instrument, string Attribute, string? Value), long> _byAttribute = [];

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
            var all = tags.ToArray();
            if (!all.Any(tag => tag.Key == TicketBookingTelemetry.EventIdAttribute && (string?)tag.Value == eventId))
            {
                return;
            }

            lock (_sums)
            {
                _sums[instrument.Name] = _sums.GetValueOrDefault(instrument.Name) + value;
                _last[instrument.Name] = value;
                foreach (var tag in all.Where(t => t.Key != TicketBookingTelemetry.EventIdAttribute))
                {
                    var key = (instrument.Name, tag.Key, tag.Value?.ToString());
                    _byAttribute[key] = _byAttribute.GetValueOrDefault(key) + value;
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

    /// <summary>The sum of the measurements whose <paramref name="attribute"/> is <paramref name="value"/>.</summary>
    public long Sum(string instrument, string attribute, string value)
    {
        lock (_sums)
        {
            return _byAttribute.GetValueOrDefault((instrument, attribute, value));
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
