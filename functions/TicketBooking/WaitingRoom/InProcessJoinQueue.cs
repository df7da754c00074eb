namespace TicketBooking.WaitingRoom;

/// <summary>
/// The join queue of the default local run, with Service Bus semantics: duplicate detection by MessageId within a
/// window, arrival order by sequence number, peek-lock (complete removes; abandon or a lapsed lock makes the join
/// deliverable again with DeliveryCount + 1) and a capacity beyond which sends are refused. Thread-safe; a receive
/// waits for an arrival or the next lock to lapse, never polls.
/// </summary>
public sealed class InProcessJoinQueue(IOptions<JoinQueueOptions> options, TimeProvider time) : IJoinQueue
{
    private readonly JoinQueueOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Entry> _ready = [];
    private readonly Dictionary<string, Entry> _locked = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(Entry Entry, string LockToken), DateTimeOffset> _lockExpiries = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string MessageId, DateTimeOffset At)> _seenOrder = new();
    private TaskCompletionSource _arrival = NewSignal();
    private long _lastSequence;

    public Task SendAsync(QueueJoin join, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(join);
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            ForgetOldMessageIds(now);
            if (_seen.ContainsKey(join.MessageId))
            {
                return Task.CompletedTask;
            }

            if (_ready.Count + _locked.Count >= _options.Capacity)
            {
                throw Full();
            }

            _seen[join.MessageId] = now;
            _seenOrder.Enqueue((join.MessageId, now));
            var entry = new Entry(join, ++_lastSequence, now);
            _ready.Add(entry.SequenceNumber, entry);
            wake = TakeSignal();
        }

        wake.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<JoinDelivery>> ReceiveAsync(int maxCount, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        var started = time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task arrival;
            TimeSpan untilNextLapse;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                ReleaseLapsedLocks(now);
                if (_ready.Count > 0)
                {
                    return Take(maxCount, now);
                }

                arrival = _arrival.Task;
                untilNextLapse = _lockExpiries.TryPeek(out _, out var nextLapse) ? nextLapse - now : Timeout.InfiniteTimeSpan;
            }

            var remaining = maxWait - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return [];
            }

            var wait = untilNextLapse >= TimeSpan.Zero && untilNextLapse < remaining ? untilNextLapse : remaining;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(arrival, Task.Delay(wait, time, stop.Token)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Removes each join whose lock is still held; one whose lock lapsed stays in the queue and comes again.</summary>
    public Task CompleteAsync(IReadOnlyList<JoinDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var delivery in deliveries)
            {
                if (_locked.TryGetValue(delivery.LockToken, out var entry) && entry.LockedUntil > now)
                {
                    _locked.Remove(delivery.LockToken);
                    entry.LockToken = null;
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Makes each join whose lock is still held deliverable again at once.</summary>
    public Task AbandonAsync(IReadOnlyList<JoinDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var delivery in deliveries)
            {
                if (_locked.TryGetValue(delivery.LockToken, out var entry) && entry.LockedUntil > now)
                {
                    Unlock(entry);
                    wake ??= TakeSignal();
                }
            }
        }

        wake?.TrySetResult();
        return Task.CompletedTask;
    }

    private List<JoinDelivery> Take(int maxCount, DateTimeOffset now)
    {
        var taken = new List<JoinDelivery>(Math.Min(maxCount, _ready.Count));
        var lockedUntil = now + _options.LockDuration;
        while (taken.Count < maxCount && _ready.Count > 0)
        {
            var entry = _ready.First().Value;
            _ready.Remove(entry.SequenceNumber);
            entry.DeliveryCount++;
            entry.LockToken = Guid.NewGuid().ToString();
            entry.LockedUntil = lockedUntil;
            _locked.Add(entry.LockToken, entry);
            _lockExpiries.Enqueue((entry, entry.LockToken), lockedUntil);
            taken.Add(new JoinDelivery(entry.Join, entry.LockToken, entry.SequenceNumber, entry.EnqueuedAt, entry.DeliveryCount));
        }

        return taken;
    }

    private void ReleaseLapsedLocks(DateTimeOffset now)
    {
        while (_lockExpiries.TryPeek(out var held, out var until) && until <= now)
        {
            _lockExpiries.Dequeue();
            if (held.Entry.LockToken == held.LockToken && _locked.ContainsKey(held.LockToken))
            {
                Unlock(held.Entry);
            }
        }
    }

    private void Unlock(Entry entry)
    {
        _locked.Remove(entry.LockToken!);
        entry.LockToken = null;
        _ready.Add(entry.SequenceNumber, entry);
    }

    private void ForgetOldMessageIds(DateTimeOffset now)
    {
        while (_seenOrder.TryPeek(out var oldest) && now - oldest.At >= _options.DuplicateDetectionWindow)
        {
            _seenOrder.Dequeue();
            _seen.Remove(oldest.MessageId);
        }
    }

    private TaskCompletionSource TakeSignal()
    {
        var fired = _arrival;
        _arrival = NewSignal();
        return fired;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DomainException Full() =>
        new(ErrorKind.Unavailable, "The waiting room is full right now.",
            $"The join queue holds its limit of {_options.Capacity} joins. Try again after the Retry-After delay.")
        {
            RetryAfter = TimeSpan.FromSeconds(5),
        };

    private sealed class Entry(QueueJoin join, long sequenceNumber, DateTimeOffset enqueuedAt)
    {
        public QueueJoin Join { get; } = join;

        public long SequenceNumber { get; } = sequenceNumber;

        public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

        public int DeliveryCount { get; set; }

        public string? LockToken { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
