using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;

namespace TicketBooking.Catalog;

/// <summary>
/// Events in Cosmos DB: one document per event in the <c>events</c> container, partitioned by id. The record is the
/// document (the camelCase serializer maps <see cref="EventRecord.Id"/> to <c>id</c>).
/// </summary>
public sealed class CosmosEventStore(Container container) : IEventStore
{
    public async Task<bool> CreateAsync(EventRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.CreateItemAsync(record, new PartitionKey(record.Id),
                new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task<EventRecord?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await container.ReadItemAsync<EventRecord>(eventId, new PartitionKey(eventId), cancellationToken: cancellationToken);
            return response.Resource;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<EventRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var iterator = container.GetItemQueryIterator<EventRecord>("SELECT * FROM c", requestOptions: new QueryRequestOptions { MaxItemCount = 500 });
        while (iterator.HasMoreResults)
        {
            foreach (var document in await iterator.ReadNextAsync(cancellationToken))
            {
                yield return document;
            }
        }
    }
}
