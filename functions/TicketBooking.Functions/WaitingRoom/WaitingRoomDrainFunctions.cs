using Microsoft.Azure.Functions.Worker;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Functions.WaitingRoom;

/// <summary>
/// Drains the waiting room's join queue every 5 seconds: one <see cref="WaitingRoomDrain"/> pass, bounded by
/// <c>WaitingRoom:DrainSeconds</c>, receiving with the Service Bus SDK (no Service Bus trigger extension is used;
/// docs/adr/0009-waiting-room.md). The Functions host runs a timer function on one instance at a time.
/// </summary>
public sealed class WaitingRoomDrainFunctions(WaitingRoomDrain drain)
{
    public const string Schedule = "*/5 * * * * *";

    [Function("WaitingRoomDrain")]
    public Task WaitingRoomDrain([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        drain.RunOnceAsync(cancellationToken);
}
