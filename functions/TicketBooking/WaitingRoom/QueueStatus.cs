namespace TicketBooking.WaitingRoom;

/// <summary>
/// Where a person stands, as the API shows it: the join is accepted but not stored yet (pending), it waits for the
/// on-sale's random ranking (prequeue), it has a position (waiting), it is admitted with a pass, or the pass lapsed.
/// </summary>
public enum QueueStatus
{
    Pending,
    Prequeue,
    Waiting,
    Admitted,
    Expired,
}
