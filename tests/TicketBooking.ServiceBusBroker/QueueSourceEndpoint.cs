using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// A client's receiver on a queue: messages go out as its link credit allows, each under a lock whose token is the
/// delivery tag; the client's outcome settles it (accepted = complete, modified = abandon, rejected = dead-letter).
/// A drain request is answered once nothing more can be delivered.
/// </summary>
internal sealed class QueueSourceEndpoint : LinkEndpoint
{
    private static readonly TimeSpan ReleasePause = TimeSpan.FromMilliseconds(200);
    private readonly BrokerQueue _queue;
    private readonly ListenerLink _link;
    private int _credit;
    private volatile bool _drainAsked;
    private long _pausedUntil;
    private volatile bool _closed;

    public QueueSourceEndpoint(BrokerQueue queue, ListenerLink link)
    {
        _queue = queue;
        _link = link;
        _link.Closed += (_, _) => _closed = true;
    }

    /// <summary>Messages the client still allows; changed only under the queue's lock.</summary>
    public int Credit
    {
        get => Volatile.Read(ref _credit);
        set => Volatile.Write(ref _credit, value);
    }

    /// <summary>
    /// The client released a message it had no receive call waiting for: nothing more goes to it for a moment, or
    /// until its next flow (its next receive call), so a message does not bounce between broker and client.
    /// </summary>
    public bool Paused => Environment.TickCount64 < Interlocked.Read(ref _pausedUntil);

    /// <summary>Receive-and-delete: the client takes each message settled, so sending it completes it.</summary>
    public bool SettlesOnSend => _link.SettleOnSend;

    public override void OnFlow(FlowContext flowContext)
    {
        Interlocked.Exchange(ref _pausedUntil, 0);
        _queue.ChangeCredit(this, flowContext.Messages);
        if (!flowContext.Link.IsDraining)
        {
            // A flow without drain ends any drain asked before it: its credit must not be drained away.
            _drainAsked = false;
        }
        else if (!_queue.HasReady)
        {
            // Nothing to send: answer the drain now, in order with the client's flows.
            CompleteDrain();
            return;
        }
        else
        {
            _drainAsked = true;
        }

        _queue.RequestPump();
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        if (dispositionContext.Message?.MessageAnnotations?[Annotations.LockToken] is not Guid lockToken)
        {
            return;
        }

        DeliveryState? outcome = dispositionContext.DeliveryState switch
        {
            Accepted => _queue.Complete(lockToken) ? new Accepted() : LockLost(),
            Rejected rejected => _queue.DeadLetter(lockToken, InfoOf(rejected, Annotations.DeadLetterReason), InfoOf(rejected, Annotations.DeadLetterErrorDescription))
                ? new Accepted() : LockLost(),
            Modified => _queue.Abandon(lockToken) ? new Accepted() : LockLost(),
            // Released by the client: not delivered after all. Released by the library as the link closes: the lock
            // stays until it lapses, as in Service Bus.
            Released when !_closed => Return(lockToken),
            _ => null,
        };

        if (outcome is not null && !dispositionContext.Settled)
        {
            _link.DisposeMessage(dispositionContext.Message, outcome, true);
        }
    }

    public override void OnMessage(MessageContext messageContext) =>
        messageContext.Complete(new Error(ErrorCode.NotAllowed) { Description = "This link receives from the queue." });

    public override void OnLinkClosed(ListenerLink listenerLink, Error error) => _queue.RemoveReceiver(this);

    internal bool TrySend(Message message)
    {
        try
        {
            return FrameGatedTransport.SendDelivery(_link, () => _link.SendMessage(message));
        }
        catch (AmqpException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Answers a drain request once the queue has nothing more for this receiver, or its credit is used up.</summary>
    internal void CompleteDrainIfAsked(bool nothingLeft)
    {
        if (!_drainAsked || (!nothingLeft && Credit > 0))
        {
            return;
        }

        CompleteDrain();
    }

    private void CompleteDrain()
    {
        _drainAsked = false;
        _queue.ChangeCredit(this, int.MinValue);
        try
        {
            _link.CompleteDrain();
        }
        catch (AmqpException)
        {
            // The link closed meanwhile.
        }
    }

    private Accepted? Return(Guid lockToken)
    {
        Interlocked.Exchange(ref _pausedUntil, Environment.TickCount64 + (long)ReleasePause.TotalMilliseconds);
        _queue.Return(lockToken);
        return null;
    }

    private static Rejected LockLost() => new()
    {
        Error = new Error(Annotations.LockLost) { Description = "The lock on the message has expired or was already settled." },
    };

    private static string? InfoOf(Rejected rejected, string key) =>
        rejected.Error?.Info is { } info && info.TryGetValue(new Amqp.Types.Symbol(key), out var value) ? value?.ToString() : null;
}
