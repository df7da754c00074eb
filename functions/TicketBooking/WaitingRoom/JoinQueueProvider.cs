using TicketBooking.Configuration;

namespace TicketBooking.WaitingRoom;

/// <summary>Which queue carries joins from the join route to the drain.</summary>
public enum JoinQueueProvider
{
    /// <summary>A queue in this process (the default local run); one instance only, lost on restart.</summary>
    [LocalOnly]
    InProcess,

    /// <summary>Azure Service Bus (Azure, and the emulated run against the test broker).</summary>
    ServiceBus,
}
