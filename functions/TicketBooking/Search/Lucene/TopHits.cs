namespace TicketBooking.Search.Lucene;

/// <summary>The best <c>skip + size</c> hits: by score (when there are words), then start time, then id.</summary>
internal sealed class TopHits(int wanted)
{
    private readonly PriorityQueue<Hit, Hit> _best = new(Math.Max(1, wanted), HitsWorstFirst.Instance);

    public void Offer(Hit hit)
    {
        if (_best.Count < wanted)
        {
            _best.Enqueue(hit, hit);
        }
        else if (wanted > 0 && HitsWorstFirst.Instance.Compare(hit, _best.Peek()) > 0)
        {
            _best.DequeueEnqueue(hit, hit);
        }
    }

    /// <summary>The hits, best first (empties the queue).</summary>
    public Hit[] Best()
    {
        var all = new Hit[_best.Count];
        for (var i = all.Length - 1; i >= 0; i--)
        {
            all[i] = _best.Dequeue();
        }

        return all;
    }
}
