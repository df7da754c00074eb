using System.ComponentModel.DataAnnotations;

namespace TicketBooking.RateLimiting;

/// <summary>
/// Abuse limits, enforced by <see cref="RateLimits"/> in the shared handlers so both hosts apply them the same way.
/// Per signed-in user: reserve, confirm and cancel, in permits per minute. Per client address: anonymous reads
/// (event, tickets, search), in permits per second with a burst.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Reservation attempts per user per minute (a token bucket that holds a minute's worth).</summary>
    [Range(1, 1_000_000)]
    public int Reserve { get; set; } = 20;

    /// <summary>Confirmations (payment attempts) per user per minute.</summary>
    [Range(1, 1_000_000)]
    public int Confirm { get; set; } = 20;

    /// <summary>Cancellations per user per minute.</summary>
    [Range(1, 1_000_000)]
    public int Cancel { get; set; } = 20;

    /// <summary>
    /// Waiting room joins per user in any minute (joining again is harmless, but each join that finds no entry is a
    /// queue send). Counted in a sketch of fixed size, not a table of buckets: see <see cref="QueueJoinSketchWidth"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int QueueJoin { get; set; } = 10;

    /// <summary>Check-in scans per scanning user per minute (a gate's device scans about one ticket a second at most).</summary>
    [Range(1, 1_000_000)]
    public int CheckIn { get; set; } = 600;

    /// <summary>
    /// Counters per row of the queue join's count-min sketch (rounded up to a power of two); its memory is
    /// <c>32 × width</c> bytes (16 MiB for the default) however many users join. A wider sketch keeps honest joiners
    /// clear of the limit at higher join rates: the default serves a million distinct users in ten minutes. See
    /// docs/adr/0007-rate-limits.md.
    /// </summary>
    [Range(1_024, 16_777_216)]
    public int QueueJoinSketchWidth { get; set; } = 524_288;

    /// <summary>Anonymous reads (event, tickets, search) per client address per second, sustained.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousReads { get; set; } = 50;

    /// <summary>How many anonymous reads one address may make at once before the sustained rate applies.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousReadsBurst { get; set; } = 200;

    /// <summary>
    /// The host sits behind a proxy that sets <c>X-Forwarded-For</c> (the Functions front end): the client address is
    /// then its first entry. Off: the connection's remote address. See docs/adr/0007-rate-limits.md.
    /// </summary>
    public bool BehindTrustedProxy { get; set; }

    /// <summary>
    /// Most keys one limit (all but the queue join) tracks at a time. Idle keys are dropped after about ten seconds; past this many live keys,
    /// new keys share one bucket until some go idle, so a flood of distinct addresses cannot grow memory without bound.
    /// </summary>
    [Range(100, 10_000_000)]
    public int MaxPartitions { get; set; } = 20_000;
}
