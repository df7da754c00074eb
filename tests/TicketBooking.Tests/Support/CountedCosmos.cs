using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;
using TicketBooking.Telemetry;

namespace TicketBooking.Tests.Support;

/// <summary>A second client of the Cosmos-protocol server with storage request counting on, and the document requests it counted.</summary>
public sealed class CountedCosmos : IDisposable
{
    private static readonly string[] DocumentOperations = ["read", "replace", "create", "upsert", "delete", "patch", "query"];

    public CountedCosmos(CosmosServerFixture cosmos)
    {
        Counter = new StorageRequestCounter(Microsoft.Extensions.Options.Options.Create(new StorageRequestOptions { Count = true }));
        Client = CosmosSetup.CreateClient(cosmos.Options, Counter);
        Database = Client.GetDatabase(cosmos.Options.DatabaseName);
    }

    public StorageRequestCounter Counter { get; }

    public CosmosClient Client { get; }

    public Database Database { get; }

    /// <summary>The document requests (reads, writes, queries; not the SDK's metadata) made while <paramref name="action"/> ran, by operation.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountAsync(Func<Task> action)
    {
        var before = Counter.Snapshot();
        await action();
        return Counter.Snapshot().Minus(before).Counts
            .Where(c => c.Key.Service == StorageService.Cosmos && DocumentOperations.Contains(c.Key.Operation.Split(' ')[^1]))
            .ToDictionary(c => c.Key.Operation, c => c.Value);
    }

    public void Dispose() => Client.Dispose();
}
