using System.Numerics;

namespace TicketBooking.RateLimiting;

/// <summary>
/// Enforces <see cref="RateLimitOptions"/> inside the shared handlers, so the Functions app and the local host limit
/// the same way: a handler calls <see cref="Check(RateLimitPolicy, string)"/> with the caller's user id, or
/// <see cref="Check(RateLimitPolicy, HttpRequest)"/> for a per-address limit. A refusal is a
/// <see cref="DomainException"/> of kind <see cref="ErrorKind.RateLimited"/> carrying when to retry. Keys (user ids,
/// addresses) are never logged.
/// </summary>
public sealed class RateLimits : IDisposable
{
    private readonly Dictionary<RateLimitPolicy, IKeyRateLimiter> _limiters;
    private readonly bool _behindTrustedProxy;
    private readonly ILogger<RateLimits> _logger;

    public RateLimits(IOptions<RateLimitOptions> options, ILogger<RateLimits> logger)
        : this(options, logger, TimeProvider.System)
    {
    }

    public RateLimits(IOptions<RateLimitOptions> options, ILogger<RateLimits> logger, TimeProvider time)
    {
        var o = options.Value;
        _behindTrustedProxy = o.BehindTrustedProxy;
        _logger = logger;
        _limiters = new Dictionary<RateLimitPolicy, IKeyRateLimiter>
        {
            [RateLimitPolicy.Reserve] = PerMinute(o.Reserve, o.MaxPartitions),
            [RateLimitPolicy.Confirm] = PerMinute(o.Confirm, o.MaxPartitions),
            [RateLimitPolicy.Cancel] = PerMinute(o.Cancel, o.MaxPartitions),
            // An on-sale brings far more distinct users a minute than any bounded table of buckets holds: the join
            // counts them in a sketch of fixed size instead (see docs/adr/0007-rate-limits.md).
            [RateLimitPolicy.QueueJoin] = new SketchRateLimiter(o.QueueJoin, (int)BitOperations.RoundUpToPowerOf2((uint)o.QueueJoinSketchWidth), time),
            [RateLimitPolicy.CheckIn] = PerMinute(o.CheckIn, o.MaxPartitions),
            [RateLimitPolicy.AnonymousReads] = new KeyedRateLimiter(
                KeyedRateLimiter.Bucket(o.AnonymousReadsBurst, TimeSpan.FromTicks(Math.Max(1, TimeSpan.TicksPerSecond / o.AnonymousReads))),
                o.MaxPartitions),
        };
    }

    /// <summary>Takes one permit of <paramref name="policy"/> for <paramref name="key"/> (a user id), or throws 429.</summary>
    public void Check(RateLimitPolicy policy, string key)
    {
        if (_limiters[policy].TryAcquire(key, out var retryAfter))
        {
            return;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        _logger.LogDebug("Rate limit {Policy} refused a request; retry after {RetryAfterSeconds} s", policy, seconds);
        throw new DomainException(ErrorKind.RateLimited, TitleOf(policy), $"Wait {seconds} s before trying again.",
            new Dictionary<string, object?> { ["retryAfter"] = seconds })
        {
            RetryAfter = TimeSpan.FromSeconds(seconds),
        };
    }

    /// <summary>Takes one permit of <paramref name="policy"/> for the request's client address (see <see cref="ClientAddress"/>).</summary>
    public void Check(RateLimitPolicy policy, HttpRequest request) => Check(policy, ClientAddress.Of(request, _behindTrustedProxy));

    /// <summary>
    /// How many keys <paramref name="policy"/> tracks now (bounded by <see cref="RateLimitOptions.MaxPartitions"/>; 0
    /// for the queue join, whose memory does not depend on the keys).
    /// </summary>
    public int TrackedKeys(RateLimitPolicy policy) => _limiters[policy].TrackedKeys;

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    /// <summary>A minute's worth of permits at once, then one every <c>60 s / perMinute</c>.</summary>
    private static KeyedRateLimiter PerMinute(int perMinute, int maxPartitions) =>
        new(KeyedRateLimiter.Bucket(perMinute, TimeSpan.FromTicks(TimeSpan.TicksPerMinute / perMinute)), maxPartitions);

    private static string TitleOf(RateLimitPolicy policy) => policy switch
    {
        RateLimitPolicy.Reserve => "Too many reservation attempts.",
        RateLimitPolicy.Confirm => "Too many confirmation attempts.",
        RateLimitPolicy.Cancel => "Too many cancellations.",
        RateLimitPolicy.QueueJoin => "Too many waiting room joins.",
        RateLimitPolicy.CheckIn => "Too many check-in scans.",
        _ => "Too many requests from this address.",
    };
}
