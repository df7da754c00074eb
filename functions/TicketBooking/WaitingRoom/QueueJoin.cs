namespace TicketBooking.WaitingRoom;

/// <summary>
/// One person's request to join an event's waiting room, as it travels through the join queue.
/// <see cref="MessageId"/> is derived from the event and the user, so a retried join is recognised as the same one
/// (Service Bus duplicate detection in Azure, the same rule in the in-process queue).
/// </summary>
public sealed record QueueJoin(string EventId, string UserId, string QueueId, DateTimeOffset RequestedAt)
{
    public string MessageId => QueueId;
}
