using Microsoft.Azure.Cosmos;

namespace TicketBooking.Cosmos;

public static class ContainerQueries
{
    /// <summary>Every result of a query within one logical partition, all pages read.</summary>
    public static async Task<List<TDocument>> QueryPartitionAsync<TDocument>(this Container container, QueryDefinition query,
        PartitionKey partitionKey, int pageSize, CancellationToken cancellationToken)
    {
        var found = new List<TDocument>();
        using var iterator = container.GetItemQueryIterator<TDocument>(query, requestOptions: new QueryRequestOptions
        {
            PartitionKey = partitionKey,
            MaxItemCount = pageSize,
        });
        while (iterator.HasMoreResults)
        {
            found.AddRange(await iterator.ReadNextAsync(cancellationToken));
        }

        return found;
    }
}
