using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace TicketBooking.RateLimiting;

/// <summary>
/// A token bucket per key over <see cref="PartitionedRateLimiter"/>, which drops a key's bucket after it has been full
/// (idle) for about ten seconds. At most <c>maxPartitions</c> keys are tracked: past that, keys not already tracked
/// share one overflow bucket until others go idle, so memory stays bounded whatever the number of distinct keys.
/// </summary>
internal sealed class KeyedRateLimiter : IKeyRateLimiter
{
    /// <summary>The shared bucket of keys that arrive while the table is full; no real key can spell it.</summary>
    internal const string OverflowKey = "\0overflow";

    private readonly ConcurrentDictionary<string, CountedRateLimiter> _live = new(StringComparer.Ordinal);
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TokenBucketRateLimiterOptions _bucket;
    private readonly int _maxPartitions;
    private int _count;

    public KeyedRateLimiter(TokenBucketRateLimiterOptions bucket, int maxPartitions)
    {
        _bucket = bucket;
        _maxPartitions = maxPartitions;
        _limiter = PartitionedRateLimiter.Create<string, string>(key =>
            RateLimitPartition.Get(_live.ContainsKey(key) || Volatile.Read(ref _count) < _maxPartitions ? key : OverflowKey, Create));
    }

    /// <summary>How many keys have a bucket now (the overflow bucket included).</summary>
    public int TrackedKeys => Volatile.Read(ref _count);

    /// <summary>A bucket that starts full and gains one permit every <paramref name="period"/>, up to <paramref name="burst"/>.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int burst, TimeSpan period) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = false,
    };

    public bool TryAcquire(string key, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(key);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    private CountedRateLimiter Create(string key)
    {
        CountedRateLimiter? limiter = null;
        limiter = new CountedRateLimiter(new TokenBucketRateLimiter(_bucket), () =>
        {
            _live.TryRemove(KeyValuePair.Create(key, limiter!));
            Interlocked.Decrement(ref _count);
        });
        _live[key] = limiter;
        Interlocked.Increment(ref _count);
        return limiter;
    }
}
