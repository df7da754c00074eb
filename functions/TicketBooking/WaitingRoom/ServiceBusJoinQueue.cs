using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Azure.Messaging.ServiceBus;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// The join queue on Service Bus: a join is a small JSON message whose MessageId is the join's (the queue's duplicate
/// detection drops a retried join); the drain receives in peek-lock mode and settles by lock token. The received
/// messages are kept by lock token until settled or until their lock lapsed, and at most
/// <see cref="MaxInFlight"/> of them, so a drain that never settles cannot grow memory.
/// Joins sent at about the same moment go out together: <see cref="SendLoops"/> loops each take every join waiting
/// (up to <see cref="MaxBatch"/>, and what fits one batch) and send them as one batch, so a surge costs one transfer per
/// batch rather than per join, and a join sent alone goes at once. Duplicate detection applies to each message of a batch.
/// </summary>
public sealed class ServiceBusJoinQueue : IJoinQueue, IAsyncDisposable
{
    /// <summary>Most received, unsettled joins held at once.</summary>
    public const int MaxInFlight = 10_000;

    /// <summary>Batches on their way at once.</summary>
    public const int SendLoops = 4;

    /// <summary>Most joins in one batch.</summary>
    public const int MaxBatch = 100;

    /// <summary>Joins completed or abandoned at once.</summary>
    private const int SettleParallelism = 64;

    /// <summary>Joins waiting for a batch at most; a send beyond them waits for room.</summary>
    private const int MaxWaiting = 10_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ServiceBusSender _sender;
    private readonly ServiceBusReceiver _receiver;
    private readonly SemaphoreSlim _receiving = new(1, 1);
    private readonly ConcurrentDictionary<string, ServiceBusReceivedMessage> _inFlight = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger<ServiceBusJoinQueue> _logger;
    private readonly Channel<PendingSend> _waiting = Channel.CreateBounded<PendingSend>(new BoundedChannelOptions(MaxWaiting)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _sendLoops;

    public ServiceBusJoinQueue(ServiceBusClient client, IOptions<JoinQueueOptions> options, TimeProvider time, ILogger<ServiceBusJoinQueue> logger)
    {
        var queueName = options.Value.QueueName;
        _sender = client.CreateSender(queueName);
        _receiver = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock, PrefetchCount = 0 });
        _time = time;
        _logger = logger;
        _sendLoops = [.. Enumerable.Range(0, SendLoops).Select(_ => Task.Run(SendLoopAsync))];
    }

    public async Task SendAsync(QueueJoin join, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(join);
        var message = new ServiceBusMessage(BinaryData.FromObjectAsJson(join, Json))
        {
            MessageId = join.MessageId,
            ContentType = "application/json",
        };
        var pending = new PendingSend(message, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _waiting.Writer.WriteAsync(pending, cancellationToken);
        try
        {
            // Once handed to a loop the join is sent even if this caller stops waiting: joining again is safe.
            await pending.Sent.Task.WaitAsync(cancellationToken);
        }
        catch (ServiceBusException e) when (e.IsTransient || e.Reason is ServiceBusFailureReason.QuotaExceeded or ServiceBusFailureReason.ServiceBusy)
        {
            _logger.LogWarning("The join queue refused a send ({Reason}); the caller is asked to retry", e.Reason);
            throw new DomainException(ErrorKind.Unavailable, "The waiting room is busy right now.",
                "The join could not be queued. Try again after the Retry-After delay; joining again is safe.")
            {
                RetryAfter = TimeSpan.FromSeconds(5),
            };
        }
    }

    public async Task<IReadOnlyList<JoinDelivery>> ReceiveAsync(int maxCount, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        var room = MaxInFlight - _inFlight.Count;
        if (room < maxCount)
        {
            ForgetLapsedLocks();
            room = MaxInFlight - _inFlight.Count;
            if (room <= 0)
            {
                throw new InvalidOperationException($"{MaxInFlight} received joins are not settled yet; complete or abandon them first.");
            }
        }

        // The client wants a positive wait; zero means "only what is there now" in the contract.
        var wait = maxWait > TimeSpan.Zero ? maxWait : TimeSpan.FromMilliseconds(1);
        // One receive call at a time on the link: with no prefetch, the client buffers what arrives for overlapping
        // calls and those joins stay locked until their lock lapses.
        IReadOnlyList<ServiceBusReceivedMessage> messages;
        await _receiving.WaitAsync(cancellationToken);
        try
        {
            messages = await _receiver.ReceiveMessagesAsync(Math.Min(maxCount, room), wait, cancellationToken);
        }
        finally
        {
            _receiving.Release();
        }

        var deliveries = new List<JoinDelivery>(messages.Count);
        foreach (var message in messages)
        {
            if (Read(message) is not { } join)
            {
                _logger.LogWarning("Join message {MessageId} (sequence {SequenceNumber}) is not a join; dead-lettered", message.MessageId, message.SequenceNumber);
                await _receiver.DeadLetterMessageAsync(message, "UnreadableJoin", "The body is not a join.", cancellationToken);
                continue;
            }

            _inFlight[message.LockToken] = message;
            deliveries.Add(new JoinDelivery(join, message.LockToken, message.SequenceNumber, message.EnqueuedTime, message.DeliveryCount));
        }

        return deliveries;
    }

    /// <summary>Completes each join whose lock is still held; one whose lock lapsed is left to come again.</summary>
    public Task CompleteAsync(IReadOnlyList<JoinDelivery> deliveries, CancellationToken cancellationToken) =>
        SettleAsync(deliveries, (message, ct) => _receiver.CompleteMessageAsync(message, ct), cancellationToken);

    /// <summary>Makes each join whose lock is still held deliverable again at once.</summary>
    public Task AbandonAsync(IReadOnlyList<JoinDelivery> deliveries, CancellationToken cancellationToken) =>
        SettleAsync(deliveries, (message, ct) => _receiver.AbandonMessageAsync(message, cancellationToken: ct), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_sendLoops);
        await _receiver.DisposeAsync();
        await _sender.DisposeAsync();
        _receiving.Dispose();
        _stopping.Dispose();
    }

    /// <summary>A join waiting for its batch, and the caller waiting for the batch to be sent.</summary>
    private sealed record PendingSend(ServiceBusMessage Message, TaskCompletionSource Sent);

    /// <summary>Takes every join waiting (up to a batch) and sends them together; each caller learns how its batch went.</summary>
    private async Task SendLoopAsync()
    {
        var taken = new List<PendingSend>(MaxBatch);
        try
        {
            while (await _waiting.Reader.WaitToReadAsync(_stopping.Token))
            {
                while (taken.Count < MaxBatch && _waiting.Reader.TryRead(out var pending))
                {
                    taken.Add(pending);
                }

                await SendTakenAsync(taken, _stopping.Token);
                taken.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }

        // Stopped: whatever still waits is not sent.
        foreach (var pending in taken)
        {
            pending.Sent.TrySetCanceled();
        }

        while (_waiting.Reader.TryRead(out var left))
        {
            left.Sent.TrySetCanceled();
        }
    }

    private async Task SendTakenAsync(List<PendingSend> taken, CancellationToken cancellationToken)
    {
        var next = 0;
        while (next < taken.Count)
        {
            var first = next;
            try
            {
                using var batch = await _sender.CreateMessageBatchAsync(cancellationToken);
                while (next < taken.Count && batch.TryAddMessage(taken[next].Message))
                {
                    next++;
                }

                if (next == first)
                {
                    // One join too large for a batch of its own: the send says why.
                    next++;
                    await _sender.SendMessageAsync(taken[first].Message, cancellationToken);
                }
                else
                {
                    await _sender.SendMessagesAsync(batch, cancellationToken);
                }

                for (var i = first; i < next; i++)
                {
                    taken[i].Sent.TrySetResult();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                next = Math.Max(next, first + 1);
                for (var i = first; i < next; i++)
                {
                    taken[i].Sent.TrySetException(e);
                }
            }
        }
    }

    private async Task SettleAsync(IReadOnlyList<JoinDelivery> deliveries, Func<ServiceBusReceivedMessage, CancellationToken, Task> settle,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = SettleParallelism, CancellationToken = cancellationToken },
            async (delivery, ct) =>
            {
                if (!_inFlight.TryRemove(delivery.LockToken, out var message))
                {
                    return;
                }

                try
                {
                    await settle(message, ct);
                }
                catch (ServiceBusException e) when (e.Reason == ServiceBusFailureReason.MessageLockLost)
                {
                    _logger.LogInformation("The lock on join message {MessageId} (sequence {SequenceNumber}) lapsed before it was settled; it comes again", message.MessageId, message.SequenceNumber);
                }
            });
    }

    private void ForgetLapsedLocks()
    {
        var now = _time.GetUtcNow();
        foreach (var (lockToken, message) in _inFlight)
        {
            if (message.LockedUntil <= now)
            {
                _inFlight.TryRemove(lockToken, out _);
            }
        }
    }

    private static QueueJoin? Read(ServiceBusReceivedMessage message)
    {
        try
        {
            return message.Body.ToObjectFromJson<QueueJoin>(Json) is { EventId.Length: > 0, UserId.Length: > 0, QueueId.Length: > 0 } join ? join : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
