using System.Collections.Concurrent;

namespace TicketBooking.Http;

/// <summary>
/// Counts the open streams of this instance, per key and in all, against <see cref="ServerSentEventsOptions"/>'s caps.
/// A stream takes a place with <see cref="Enter"/> before it answers and gives it back by disposing what it got.
/// </summary>
public sealed class StreamListeners(IOptions<ServerSentEventsOptions> options)
{
    private readonly ServerSentEventsOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, int> _perKey = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _total;

    /// <summary>Open streams in this instance.</summary>
    public int Count => Volatile.Read(ref _total);

    /// <summary>Open streams on <paramref name="key"/>.</summary>
    public int CountOf(string key) => _perKey.TryGetValue(key, out var count) ? count : 0;

    /// <summary>A place for one stream on <paramref name="key"/>, or a 503 <see cref="ErrorKind.ListenerLimit"/> failure.</summary>
    public IDisposable Enter(string key)
    {
        lock (_gate)
        {
            var onKey = CountOf(key);
            if (_total >= _options.MaxListenersPerInstance || onKey >= _options.MaxListenersPerKey)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(_options.BusyRetryAfter.TotalSeconds));
                throw new DomainException(ErrorKind.ListenerLimit, "Too many live streams.",
                    $"This server holds as many live streams as it takes. Try again in {seconds} s, or read the same data without streaming.",
                    new Dictionary<string, object?> { ["retryAfter"] = seconds })
                {
                    RetryAfter = TimeSpan.FromSeconds(seconds),
                };
            }

            _perKey[key] = onKey + 1;
            _total++;
        }

        return new Place(this, key);
    }

    private void Leave(string key)
    {
        lock (_gate)
        {
            var onKey = CountOf(key) - 1;
            if (onKey <= 0)
            {
                _perKey.TryRemove(key, out _);
            }
            else
            {
                _perKey[key] = onKey;
            }

            _total--;
        }
    }

    private sealed class Place(StreamListeners owner, string key) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                owner.Leave(key);
            }
        }
    }
}
