namespace TicketBooking.WaitingRoom;

/// <summary>
/// The queue between the join route and the drain that orders the waiting room: Service Bus in Azure and in the
/// emulated run, an in-process queue with the same semantics in the default run.
/// <list type="bullet">
/// <item>A join sent again with the same <see cref="QueueJoin.MessageId"/> while the first is known is dropped.</item>
/// <item>Receive hands out joins in order of arrival, each under a lock; nothing leaves the queue until completed.</item>
/// <item>An abandoned join, or one whose lock lapsed, is delivered again.</item>
/// </list>
/// </summary>
public interface IJoinQueue
{
    Task SendAsync(QueueJoin join, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> joins, waiting at most <paramref name="maxWait"/> for the first; empty when none came.</summary>
    Task<IReadOnlyList<JoinDelivery>> ReceiveAsync(int maxCount, TimeSpan maxWait, CancellationToken cancellationToken);

    Task CompleteAsync(IReadOnlyList<JoinDelivery> deliveries, CancellationToken cancellationToken);

    Task AbandonAsync(IReadOnlyList<JoinDelivery> deliveries, CancellationToken cancellationToken);
}
