namespace TicketBooking.RateLimiting;

/// <summary>
/// A per-key limit of <c>limit</c> calls a minute whose memory does not depend on how many keys there are: a
/// count-min sketch (<see cref="Depth"/> rows of <c>width</c> counters; a key counts in one counter of each row, chosen
/// by a hash, and its count is the smallest of them) per one-minute window, and a sliding-window estimate
/// (<c>current + previous × the part of the previous window still inside the last minute</c>). A sketch never counts a
/// key lower than its true count, so a key that goes over the limit is always refused; it can count a key higher when
/// other keys share all of its counters, which needs about <c>limit</c> other keys in each of its counters: with
/// <c>n</c> keys in a window, a counter holds <c>n / width</c> others on average, so for the default width of 2^19 and a
/// million distinct keys in ten minutes (about 100,000 a window) a once-only key is wrongly refused with a probability
/// far below one in a billion. Memory: <c>2 × Depth × width × 4</c> bytes (16 MiB for 2^19), allocated once.
/// </summary>
internal sealed class SketchRateLimiter : IKeyRateLimiter
{
    /// <summary>Counters per key (rows of the sketch).</summary>
    public const int Depth = 4;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _rotation = new();
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly int _mask;
    private int[] _current;
    private int[] _previous;
    private long _windowStart;

    /// <param name="limit">Calls a key may make in any minute.</param>
    /// <param name="width">Counters per row; a power of two.</param>
    public SketchRateLimiter(int limit, int width, TimeProvider time)
    {
        if (width < 2 || (width & (width - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The width is a power of two.");
        }

        _limit = limit;
        _mask = width - 1;
        _time = time;
        _current = new int[Depth * width];
        _previous = new int[Depth * width];
        _windowStart = WindowOf(time.GetUtcNow());
    }

    /// <summary>Bytes the counters take, whatever the number of keys.</summary>
    public long Bytes => 2L * _current.Length * sizeof(int);

    public int TrackedKeys => 0;

    public bool TryAcquire(string key, out TimeSpan retryAfter)
    {
        var now = _time.GetUtcNow();
        var (current, previous, windowStart) = Rotate(now);
        var elapsed = (now.UtcTicks - windowStart) / (double)Window.Ticks;
        Span<int> slots = stackalloc int[Depth];
        var width = _mask + 1;
        for (var row = 0; row < Depth; row++)
        {
            slots[row] = (row * width) + (HashCode.Combine(key, row) & _mask);
        }

        var inCurrent = int.MaxValue;
        var inPrevious = int.MaxValue;
        foreach (var slot in slots)
        {
            inCurrent = Math.Min(inCurrent, Volatile.Read(ref current[slot]));
            inPrevious = Math.Min(inPrevious, Volatile.Read(ref previous[slot]));
        }

        var estimate = inCurrent + (inPrevious * (1 - elapsed));
        if (estimate + 1 > _limit)
        {
            retryAfter = RetryAfter(inCurrent, inPrevious, estimate, elapsed, TimeSpan.FromTicks(windowStart + Window.Ticks - now.UtcTicks));
            return false;
        }

        // Conservative update: only the counters at the key's smallest count move, which keeps other keys' counts lower.
        foreach (var slot in slots)
        {
            if (Volatile.Read(ref current[slot]) == inCurrent)
            {
                Interlocked.Increment(ref current[slot]);
            }
        }

        retryAfter = TimeSpan.Zero;
        return true;
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// When the key's estimate leaves room for one more call: as the previous window slides out, or, when the current
    /// window alone is full, once the next window has begun and enough of this one slid out.
    /// </summary>
    private TimeSpan RetryAfter(int inCurrent, int inPrevious, double estimate, double elapsed, TimeSpan untilNextWindow)
    {
        var wait = inCurrent + 1 > _limit
            ? untilNextWindow + (Window * Math.Max(0, 1 - ((_limit - 1) / (double)inCurrent)))
            : Window * Math.Min(1 - elapsed, (estimate + 1 - _limit) / inPrevious);
        wait += TimeSpan.FromMilliseconds(1);
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }

    private static long WindowOf(DateTimeOffset at) => at.UtcTicks - (at.UtcTicks % Window.Ticks);

    /// <summary>The window <paramref name="now"/> falls in: a new window starts from zero and keeps the one before it.</summary>
    private (int[] Current, int[] Previous, long WindowStart) Rotate(DateTimeOffset now)
    {
        var window = WindowOf(now);
        lock (_rotation)
        {
            if (window != _windowStart)
            {
                var keep = window - _windowStart == Window.Ticks ? _current : _previous;
                if (!ReferenceEquals(keep, _current))
                {
                    Array.Clear(keep);
                }

                var fresh = ReferenceEquals(keep, _current) ? _previous : _current;
                Array.Clear(fresh);
                _previous = keep;
                _current = fresh;
                _windowStart = window;
            }

            return (_current, _previous, _windowStart);
        }
    }
}
