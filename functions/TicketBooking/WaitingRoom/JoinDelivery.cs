namespace TicketBooking.WaitingRoom;

/// <summary>
/// A join handed to the drain under a lock: it stays in the queue until completed, and comes back (with a higher
/// <see cref="DeliveryCount"/>) when it is abandoned or its lock lapses, so a crash between receive and write loses
/// nothing. <see cref="SequenceNumber"/> is the queue's order of arrival.
/// </summary>
public sealed record JoinDelivery(QueueJoin Join, string LockToken, long SequenceNumber, DateTimeOffset EnqueuedAt, int DeliveryCount);
