namespace TicketBooking.Tests.Support;

/// <summary>Waits for a condition that background work makes true (a listener leaving, a feed noticing), polling briefly.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string? because = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, because ?? "The condition did not become true in time.");
            await Task.Delay(20);
        }
    }
}
