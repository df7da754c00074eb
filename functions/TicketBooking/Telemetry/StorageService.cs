namespace TicketBooking.Telemetry;

/// <summary>Which storage service a counted request went to.</summary>
public enum StorageService
{
    /// <summary>Cosmos DB (events, tickets, reservations, bookings, leases).</summary>
    Cosmos,

    /// <summary>Azure Storage used by the Durable Task engine (queues, tables, blobs of the task hub).</summary>
    DurableStorage,
}
