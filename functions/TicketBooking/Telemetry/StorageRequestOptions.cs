namespace TicketBooking.Telemetry;

/// <summary>
/// Counting storage requests in the process (section <c>StorageRequests</c>): every Cosmos DB request and every Azure
/// Storage request of the local Durable Task engine, with the Cosmos request charge, as the
/// <see cref="TicketBookingMetrics.StorageRequests"/> and <see cref="TicketBookingMetrics.CosmosRequestCharge"/> metrics
/// and in <see cref="StorageRequestCounter"/>. Off by default.
/// </summary>
public sealed class StorageRequestOptions
{
    public const string Section = "StorageRequests";

    public bool Count { get; set; }
}
