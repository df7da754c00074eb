namespace TicketBooking.WaitingRoom;

/// <summary>What the drain stored for an entry: waiting for the on-sale's random ranking, or given a position.</summary>
public enum QueueEntryStatus
{
    Prequeue,
    Ordered,
}
