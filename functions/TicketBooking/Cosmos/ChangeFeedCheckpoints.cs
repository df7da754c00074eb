using Microsoft.Azure.Cosmos;

namespace TicketBooking.Cosmos;

/// <summary>Reads and writes change feed continuations (<see cref="ChangeFeedCheckpoint"/>) in the <c>leases</c> container.</summary>
public sealed class ChangeFeedCheckpoints(Container leases, TimeProvider time)
{
    /// <summary>The continuation saved under <paramref name="id"/>, or null when none is.</summary>
    public async Task<string?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        return (await leases.ReadOrNullAsync<ChangeFeedCheckpoint>(id, new PartitionKey(id), cancellationToken))?.Value.Continuation;
    }

    public Task WriteAsync(string id, string continuation, CancellationToken cancellationToken) =>
        leases.UpsertItemAsync(new ChangeFeedCheckpoint(id, continuation, time.GetUtcNow()), new PartitionKey(id),
            new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
}
