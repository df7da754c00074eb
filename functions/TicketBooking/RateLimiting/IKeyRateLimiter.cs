namespace TicketBooking.RateLimiting;

/// <summary>One policy's limit: a permit per call for a key, or how long the key must wait.</summary>
internal interface IKeyRateLimiter : IDisposable
{
    /// <summary>How many keys the limiter holds state for now (0 when its memory does not depend on the keys).</summary>
    int TrackedKeys { get; }

    /// <summary>Takes one permit for <paramref name="key"/>; false with the wait when the key has none left.</summary>
    bool TryAcquire(string key, out TimeSpan retryAfter);
}
