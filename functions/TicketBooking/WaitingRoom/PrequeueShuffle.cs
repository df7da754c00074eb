namespace TicketBooking.WaitingRoom;

/// <summary>
/// The fair random order of the pre-queue: a Fisher-Yates shuffle driven by a small generator (SplitMix64) from the
/// event's stored seed, over the pre-queue's ids in ordinal order. The same ids and seed give the same order on every
/// machine and every run, so a ranking resumed after a crash hands out the same positions.
/// </summary>
public static class PrequeueShuffle
{
    public static IReadOnlyList<string> Order(IEnumerable<string> queueIds, long seed)
    {
        var ids = queueIds.Order(StringComparer.Ordinal).ToArray();
        var state = unchecked((ulong)seed);
        for (var i = ids.Length - 1; i > 0; i--)
        {
            var j = (int)Below(ref state, (ulong)i + 1);
            (ids[i], ids[j]) = (ids[j], ids[i]);
        }

        return ids;
    }

    /// <summary>A uniform number in [0, bound), without modulo bias (rejection sampling).</summary>
    private static ulong Below(ref ulong state, ulong bound)
    {
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong value;
        do
        {
            value = Next(ref state);
        }
        while (value >= limit);

        return value % bound;
    }

    private static ulong Next(ref ulong state)
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
