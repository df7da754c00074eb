using System.Threading.RateLimiting;

namespace TicketBooking.RateLimiting;

/// <summary>
/// One key's bucket inside a <see cref="PartitionedRateLimiter"/>, which drops buckets that stay idle: this wrapper
/// tells its owner when that happens, so <see cref="RateLimits"/> knows how many keys are live.
/// </summary>
internal sealed class CountedRateLimiter(ReplenishingRateLimiter inner, Action onDisposed) : ReplenishingRateLimiter
{
    private int _disposed;

    public override bool IsAutoReplenishing => inner.IsAutoReplenishing;

    public override TimeSpan ReplenishmentPeriod => inner.ReplenishmentPeriod;

    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override bool TryReplenish() => inner.TryReplenish();

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        inner.AcquireAsync(permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            inner.Dispose();
            onDisposed();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await inner.DisposeAsync();
            onDisposed();
        }
    }
}
