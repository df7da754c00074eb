using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

public sealed class PrequeueShuffleTests
{
    [Fact]
    public void EachJoinerIsEquallyLikelyToGetEveryRank()
    {
        // Chi-square per joiner over its ranks in 20,000 shuffles with fixed seeds: 9 degrees of freedom, and 27.88 is
        // the value a fair shuffle exceeds one time in a thousand.
        const int joiners = 10;
        const int trials = 20_000;
        var ids = Enumerable.Range(0, joiners).Select(i => $"q-{i:x2}").ToArray();
        var counts = new int[joiners, joiners];
        var seeds = new Random(20270501);
        for (var t = 0; t < trials; t++)
        {
            var order = PrequeueShuffle.Order(ids, seeds.NextInt64());
            for (var rank = 0; rank < joiners; rank++)
            {
                counts[Array.IndexOf(ids, order[rank]), rank]++;
            }
        }

        const double expected = (double)trials / joiners;
        for (var joiner = 0; joiner < joiners; joiner++)
        {
            var chiSquare = Enumerable.Range(0, joiners).Sum(rank => Math.Pow(counts[joiner, rank] - expected, 2) / expected);
            Assert.True(chiSquare < 27.88, $"Joiner {joiner}'s ranks are not uniform (chi-square {chiSquare:F1}).");
        }
    }

    [Fact]
    public void ArrivingFirstGivesNoEdge()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"q-{i:x4}").ToArray();
        var seeds = new Random(7);
        var firstHalfInFront = 0;
        for (var t = 0; t < 200; t++)
        {
            var order = PrequeueShuffle.Order(ids, seeds.NextInt64());
            firstHalfInFront += order.Take(500).Count(id => string.CompareOrdinal(id, ids[500]) < 0);
        }

        // On average half of the front half came from the first half of the list: 50,000 of 100,000, give or take 1%.
        Assert.InRange(firstHalfInFront, 49_000, 51_000);
    }

    [Fact]
    public void TheSameSeedGivesTheSameOrderWhateverTheInputOrder()
    {
        var ids = Enumerable.Range(0, 50).Select(i => $"q-{i:x2}").ToArray();

        var first = PrequeueShuffle.Order(ids, 42);
        var again = PrequeueShuffle.Order(ids.Reverse(), 42);
        var other = PrequeueShuffle.Order(ids, 43);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(ids.Order(StringComparer.Ordinal), first.Order(StringComparer.Ordinal));
    }
}
