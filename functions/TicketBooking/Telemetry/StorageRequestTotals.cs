namespace TicketBooking.Telemetry;

/// <summary>
/// Storage requests counted so far, by service and operation (<c>tickets replace</c>, <c>queue GET</c>), and the Cosmos
/// request charge (RU) the server reported. Subtract two snapshots to get what happened in between.
/// </summary>
public sealed record StorageRequestTotals(IReadOnlyDictionary<(StorageService Service, string Operation), long> Counts, double CosmosCharge)
{
    public static StorageRequestTotals Empty { get; } = new(new Dictionary<(StorageService, string), long>(), 0);

    public long CosmosRequests => Of(StorageService.Cosmos);

    public long DurableStorageRequests => Of(StorageService.DurableStorage);

    public long Of(StorageService service) => Counts.Where(c => c.Key.Service == service).Sum(c => c.Value);

    public StorageRequestTotals Minus(StorageRequestTotals earlier) =>
        new(Counts.Select(c => (c.Key, Value: c.Value - earlier.Counts.GetValueOrDefault(c.Key)))
                .Where(c => c.Value != 0)
                .ToDictionary(c => c.Key, c => c.Value),
            CosmosCharge - earlier.CosmosCharge);
}
