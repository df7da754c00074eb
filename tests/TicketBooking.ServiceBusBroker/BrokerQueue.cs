using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// One queue (or its dead-letter queue): duplicate detection by MessageId, arrival order by sequence number, peek-lock
/// with a lock duration, redelivery with a delivery count, and dead-lettering after the maximum delivery count.
/// Deliveries go to the attached receivers as their link credit allows; one pump per queue sends them in order, outside
/// the queue's lock, so protocol callbacks never wait on a send.
/// </summary>
public sealed class BrokerQueue
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, StoredMessage> _ready = [];
    private readonly Dictionary<Guid, StoredMessage> _locked = [];
    private readonly Dictionary<string, DateTime> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string MessageId, DateTime At)> _seenOrder = new();
    private readonly List<QueueSourceEndpoint> _receivers = [];
    private readonly TimeProvider _time;
    private long _lastSequence;
    private int _nextReceiver;
    private int _pumpRequests;
    private int _pumping;
    private long _transfers;

    internal BrokerQueue(string name, QueueSettings settings, TimeProvider time, bool isDeadLetterQueue = false)
    {
        Name = name;
        Settings = settings;
        _time = time;
        DeadLetters = isDeadLetterQueue ? null : new BrokerQueue(name + "/$deadletterqueue", settings with { DuplicateDetectionWindow = TimeSpan.Zero }, time, true);
    }

    public string Name { get; }

    public QueueSettings Settings { get; }

    /// <summary>The dead-letter queue (null for a dead-letter queue itself).</summary>
    public BrokerQueue? DeadLetters { get; }

    /// <summary>Messages in the queue, locked or not.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count + _locked.Count;
            }
        }
    }

    /// <summary>Transfers senders made to this queue: a batch of many messages is one.</summary>
    public long Transfers => Interlocked.Read(ref _transfers);

    /// <summary>Whether a message waits to be delivered.</summary>
    internal bool HasReady
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count > 0;
            }
        }
    }

    /// <summary>Counts a sender's transfer (one message, or one batch).</summary>
    internal void CountTransfer() => Interlocked.Increment(ref _transfers);

    /// <summary>Stores a message unless its MessageId was seen within the duplicate-detection window; true when stored.</summary>
    internal bool Enqueue(Message message)
    {
        var messageId = message.Properties?.MessageId;
        var encoded = Encode(message);
        lock (_gate)
        {
            var now = _time.GetUtcNow().UtcDateTime;
            if (Settings.DuplicateDetectionWindow > TimeSpan.Zero && messageId is not null)
            {
                while (_seenOrder.TryPeek(out var oldest) && now - oldest.At >= Settings.DuplicateDetectionWindow)
                {
                    _seenOrder.Dequeue();
                    _seen.Remove(oldest.MessageId);
                }

                if (!_seen.TryAdd(messageId, now))
                {
                    return false;
                }

                _seenOrder.Enqueue((messageId, now));
            }

            var stored = new StoredMessage(encoded, messageId, ++_lastSequence, now);
            _ready.Add(stored.SequenceNumber, stored);
        }

        RequestPump();
        return true;
    }

    internal void AddReceiver(QueueSourceEndpoint receiver)
    {
        lock (_gate)
        {
            _receivers.Add(receiver);
        }
    }

    internal void RemoveReceiver(QueueSourceEndpoint receiver)
    {
        lock (_gate)
        {
            _receivers.Remove(receiver);
        }
    }

    /// <summary>Adds the credit a flow gave (or takes it back); <see cref="int.MinValue"/> clears it.</summary>
    internal void ChangeCredit(QueueSourceEndpoint receiver, int delta)
    {
        lock (_gate)
        {
            receiver.Credit = delta == int.MinValue ? 0 : Math.Max(0, receiver.Credit + delta);
        }
    }

    /// <summary>Completes the message under this lock; false when the lock is not held (lapsed, or already settled).</summary>
    internal bool Complete(Guid lockToken)
    {
        lock (_gate)
        {
            if (!TryTakeLock(lockToken, out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Makes the message deliverable again (or dead-letters it after its last allowed delivery).</summary>
    internal bool Abandon(Guid lockToken)
    {
        lock (_gate)
        {
            if (!TryTakeLock(lockToken, out var message))
            {
                return false;
            }

            Release(message);
        }

        RequestPump();
        return true;
    }

    /// <summary>A delivery the client released unprocessed: deliverable again, and it does not count as a delivery.</summary>
    internal void Return(Guid lockToken)
    {
        lock (_gate)
        {
            if (!TryTakeLock(lockToken, out var message))
            {
                return;
            }

            message.DeliveryCount--;
            _ready.Add(message.SequenceNumber, message);
        }

        RequestPump();
    }

    internal bool DeadLetter(Guid lockToken, string? reason, string? description)
    {
        StoredMessage? message;
        lock (_gate)
        {
            if (!TryTakeLock(lockToken, out message))
            {
                return false;
            }
        }

        message.DeadLetterReason = reason;
        message.DeadLetterDescription = description;
        DeadLetters?.Accept(message);
        return true;
    }

    /// <summary>Extends the lock; the new expiry, or null when the lock is not held.</summary>
    internal DateTime? RenewLock(Guid lockToken)
    {
        lock (_gate)
        {
            if (!_locked.TryGetValue(lockToken, out var message) || message.LockedUntil <= Now())
            {
                return null;
            }

            message.LockedUntil = Now() + Settings.LockDuration;
            return message.LockedUntil;
        }
    }

    /// <summary>Up to <paramref name="count"/> messages from <paramref name="fromSequenceNumber"/> on, locked or not, without locking them.</summary>
    internal IReadOnlyList<Message> Peek(long fromSequenceNumber, int count)
    {
        lock (_gate)
        {
            return _ready.Values.Concat(_locked.Values).Where(m => m.SequenceNumber >= fromSequenceNumber)
                .OrderBy(m => m.SequenceNumber).Take(count).Select(m => ToDelivery(m, lockToken: null)).ToList();
        }
    }

    /// <summary>Releases the locks that lapsed and delivers what the receivers' credit allows (a paused receiver may be back).</summary>
    internal void Tick()
    {
        bool deliverable;
        lock (_gate)
        {
            deliverable = ReleaseLapsedLocks() || (_ready.Count > 0 && _receivers.Count > 0);
        }

        if (deliverable)
        {
            RequestPump();
        }

        DeadLetters?.Tick();
    }

    internal void RequestPump()
    {
        Interlocked.Increment(ref _pumpRequests);
        if (Interlocked.CompareExchange(ref _pumping, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => PumpLoop(), null);
        }
    }

    private void PumpLoop()
    {
        while (true)
        {
            var seen = Volatile.Read(ref _pumpRequests);
            PumpOnce();
            if (Volatile.Read(ref _pumpRequests) != seen)
            {
                continue;
            }

            Volatile.Write(ref _pumping, 0);
            if (Volatile.Read(ref _pumpRequests) == seen || Interlocked.CompareExchange(ref _pumping, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void PumpOnce()
    {
        var sends = new List<(QueueSourceEndpoint Receiver, Message Message, StoredMessage Stored)>();
        List<QueueSourceEndpoint> receivers;
        lock (_gate)
        {
            ReleaseLapsedLocks();
            receivers = [.. _receivers];
            while (_ready.Count > 0 && NextReceiverWithCredit() is { } receiver)
            {
                var stored = _ready.First().Value;
                _ready.Remove(stored.SequenceNumber);
                stored.DeliveryCount++;
                stored.LockToken = Guid.NewGuid();
                stored.LockedUntil = Now() + Settings.LockDuration;
                _locked.Add(stored.LockToken.Value, stored);
                receiver.Credit--;
                sends.Add((receiver, ToDelivery(stored, stored.LockToken), stored));
            }
        }

        foreach (var (receiver, message, stored) in sends)
        {
            if (receiver.TrySend(message))
            {
                if (receiver.SettlesOnSend)
                {
                    Complete(stored.LockToken.GetValueOrDefault());
                }
            }
            else
            {
                lock (_gate)
                {
                    if (stored.LockToken is { } token && _locked.Remove(token))
                    {
                        stored.LockToken = null;
                        stored.DeliveryCount--;
                        _ready.Add(stored.SequenceNumber, stored);
                    }
                }
            }
        }

        bool empty;
        lock (_gate)
        {
            empty = _ready.Count == 0;
        }

        foreach (var receiver in receivers)
        {
            receiver.CompleteDrainIfAsked(nothingLeft: empty);
        }
    }

    private QueueSourceEndpoint? NextReceiverWithCredit()
    {
        for (var i = 0; i < _receivers.Count; i++)
        {
            var receiver = _receivers[(_nextReceiver + i) % _receivers.Count];
            if (receiver.Credit > 0 && !receiver.Paused)
            {
                _nextReceiver = (_nextReceiver + i + 1) % _receivers.Count;
                return receiver;
            }
        }

        return null;
    }

    private bool TryTakeLock(Guid lockToken, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoredMessage? message)
    {
        if (_locked.TryGetValue(lockToken, out message) && message.LockedUntil > Now())
        {
            _locked.Remove(lockToken);
            message.LockToken = null;
            return true;
        }

        message = null;
        return false;
    }

    private bool ReleaseLapsedLocks()
    {
        var now = Now();
        var lapsed = _locked.Values.Where(m => m.LockedUntil <= now).ToList();
        foreach (var message in lapsed)
        {
            _locked.Remove(message.LockToken!.Value);
            message.LockToken = null;
            Release(message);
        }

        return lapsed.Count > 0;
    }

    /// <summary>Back in the queue, or to the dead-letter queue once it had its last allowed delivery. Called under the lock.</summary>
    private void Release(StoredMessage message)
    {
        if (DeadLetters is not null && message.DeliveryCount >= Settings.MaxDeliveryCount)
        {
            message.DeadLetterReason = "MaxDeliveryCountExceeded";
            message.DeadLetterDescription = $"Message could not be consumed after {Settings.MaxDeliveryCount} delivery attempts.";
            DeadLetters.Accept(message);
            return;
        }

        _ready.Add(message.SequenceNumber, message);
    }

    /// <summary>Takes a dead-lettered message in (new sequence number, delivery count kept as Service Bus does).</summary>
    private void Accept(StoredMessage message)
    {
        lock (_gate)
        {
            var moved = new StoredMessage(message.Encoded, message.MessageId, ++_lastSequence, message.EnqueuedAt)
            {
                DeliveryCount = message.DeliveryCount,
                DeadLetterReason = message.DeadLetterReason,
                DeadLetterDescription = message.DeadLetterDescription,
            };
            _ready.Add(moved.SequenceNumber, moved);
        }

        RequestPump();
    }

    private Message ToDelivery(StoredMessage stored, Guid? lockToken)
    {
        var message = Message.Decode(new ByteBuffer(stored.Encoded, 0, stored.Encoded.Length, stored.Encoded.Length));
        message.Header ??= new Header();
        // AMQP counts earlier failed deliveries; the client adds the current one.
        message.Header.DeliveryCount = (uint)Math.Max(0, stored.DeliveryCount - 1);
        message.MessageAnnotations ??= new MessageAnnotations();
        message.MessageAnnotations[Annotations.SequenceNumber] = stored.SequenceNumber;
        message.MessageAnnotations[Annotations.EnqueuedTime] = stored.EnqueuedAt;
        if (lockToken is { } token)
        {
            message.MessageAnnotations[Annotations.LockToken] = token;
            message.MessageAnnotations[Annotations.LockedUntil] = stored.LockedUntil;
        }

        if (stored.DeadLetterReason is not null)
        {
            message.ApplicationProperties ??= new ApplicationProperties();
            message.ApplicationProperties[Annotations.DeadLetterReason] = stored.DeadLetterReason;
            message.ApplicationProperties[Annotations.DeadLetterErrorDescription] = stored.DeadLetterDescription ?? "";
            message.MessageAnnotations[Annotations.DeadLetterSource] = Name.Replace("/$deadletterqueue", "", StringComparison.Ordinal);
        }

        return message;
    }

    private static byte[] Encode(Message message)
    {
        var buffer = message.Encode();
        var bytes = new byte[buffer.Length];
        Buffer.BlockCopy(buffer.Buffer, buffer.Offset, bytes, 0, buffer.Length);
        return bytes;
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;
}
