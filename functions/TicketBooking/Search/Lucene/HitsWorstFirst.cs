namespace TicketBooking.Search.Lucene;

/// <summary>Orders hits worst first: lower score, later start, greater id.</summary>
internal sealed class HitsWorstFirst : IComparer<Hit>
{
    public static readonly HitsWorstFirst Instance = new();

    public int Compare(Hit x, Hit y)
    {
        var byScore = x.Score.CompareTo(y.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byStart = y.StartsAt.CompareTo(x.StartsAt);
        return byStart != 0 ? byStart : string.CompareOrdinal(y.Id, x.Id);
    }
}
