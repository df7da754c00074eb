namespace TicketBooking.WaitingRoom;

/// <summary>Where an event's waiting room stands: no room, not open yet, collecting the pre-queue, or admitting.</summary>
public enum WaitingRoomState
{
    Off,
    Scheduled,
    Prequeue,
    Open,
}
