using TicketBooking.Configuration;

namespace TicketBooking.Local.Durable;

public enum DurableBackend
{
    /// <summary>The in-memory orchestration service (embedded mode): fast, lost on restart.</summary>
    InMemory,

    /// <summary>DurableTask.AzureStorage on Azurite or a storage account (emulated mode): survives restarts.</summary>
    AzureStorage,
}
