namespace TicketBooking.Search;

/// <summary>Capped exponential backoff: <see cref="First"/>, then twice the last wait, never more than <see cref="Max"/>.</summary>
public sealed record RetryBackoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>1 s, 2 s, 4 s ... up to 5 minutes.</summary>
    public static RetryBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1 for the first failure).</summary>
    public TimeSpan Delay(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var ticks = First.Ticks * (double)(1L << doublings);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
