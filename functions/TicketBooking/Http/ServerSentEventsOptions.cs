using System.ComponentModel.DataAnnotations;

namespace TicketBooking.Http;

/// <summary>Long-lived server-sent event answers (section <c>Streams</c>): their lifetime, heartbeat and caps.</summary>
public sealed class ServerSentEventsOptions
{
    public const string Section = "Streams";

    /// <summary>
    /// A comment line at least this often, so proxies and Azure's front end (which drop connections idle for about
    /// 230 s) keep the stream open and a dead client is noticed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The server ends each stream after about this long (less up to a tenth, at random, so listeners that came
    /// together do not all come back together); the client reconnects and resumes. It bounds each invocation in Azure.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The <c>retry:</c> hint sent when a stream opens and when it ends: how long a browser waits before reconnecting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A write the client does not take within this long ends the stream: a client that stops reading is dropped
    /// and never holds the server's buffers for longer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events waiting for one listener; a listener that falls further behind is dropped (it reconnects and resumes).</summary>
    [Range(1, 10_000)]
    public int ListenerBuffer { get; set; } = 64;

    /// <summary>Most open streams on one key (one event's seats, for example) in this instance; beyond it, 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxListenersPerKey { get; set; } = 5_000;

    /// <summary>Most open streams in this instance, all keys together; beyond it, 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxListenersPerInstance { get; set; } = 5_000;

    /// <summary>
    /// The thread pool's least worker threads while the instance runs (0 leaves the runtime's own, one per core). A
    /// change fans out to every listener of an event in one pass, and the connections' sends follow on pool threads;
    /// with as few threads as cores, a request that arrives meanwhile waits behind them for the pool to add a thread
    /// (it adds about one every half second). Threads up to this number start at once instead.
    /// </summary>
    [Range(0, 1_000)]
    public int MinPoolThreads { get; set; } = 16;

    /// <summary>The <c>Retry-After</c> of a 503 refused for the caps above.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BusyRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
