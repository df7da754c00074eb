using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Telemetry;

/// <summary>The local host with its spans collected in memory (the host's own tracer provider, with an in-memory exporter).</summary>
public sealed class TracedHost : LocalHostFactory
{
    private readonly List<Activity> _spans = [];

    public TracedHost()
    {
        With("Booking:HoldDuration", "00:02:00");
        With("Logging:LogLevel:Default", "Warning");
        With("Telemetry:Enabled", "true");
    }

    /// <summary>The spans of one trace exported so far.</summary>
    public IReadOnlyList<Activity> SpansOf(ActivityTraceId traceId)
    {
        lock (_spans)
        {
            return _spans.Where(s => s.TraceId == traceId).ToArray();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing =>
            tracing.AddInMemoryExporter(new LockedList(_spans))));
    }

    /// <summary>The exporter adds from whichever thread ends a span; the test reads while spans still arrive.</summary>
    private sealed class LockedList(List<Activity> inner) : ICollection<Activity>
    {
        public int Count { get { lock (inner) { return inner.Count; } } }

        public bool IsReadOnly => false;

        public void Add(Activity item)
        {
            lock (inner)
            {
                inner.Add(item);
            }
        }

        public void Clear()
        {
            lock (inner)
            {
                inner.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (inner)
            {
                return inner.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (inner)
            {
                inner.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (inner)
            {
                return inner.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator()
        {
            lock (inner)
            {
                return inner.ToList().GetEnumerator();
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
