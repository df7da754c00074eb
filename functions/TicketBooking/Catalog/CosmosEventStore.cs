using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;

namespace TicketBooking.Catalog;

/// <summary>Events in Cosmos DB: one document per event in the <c>events</c> container, partitioned by id.</summary>
public sealed class CosmosEventStore(Container container) : IEventStore
{
    internal sealed record EventDocument(
        [property: JsonPropertyName("id")] string Id,
        string Name,
        IReadOnlyList<string> Performers,
        string Category,
        string Description,
        Venue Venue,
        DateTimeOffset StartsAt,
        IReadOnlyList<SectionLayout> Sections,
        EventStatus Status,
        string CreatedBy,
        DateTimeOffset CreatedAt,
        long Version)
    {
        public static EventDocument From(EventRecord r) =>
            new(r.Id, r.Name, r.Performers, r.Category, r.Description, r.Venue, r.StartsAt, r.Sections, r.Status, r.CreatedBy, r.CreatedAt, r.Version);

        public EventRecord ToRecord() =>
            new(Id, Name, Performers, Category, Description, Venue, StartsAt, Sections, Status, CreatedBy, CreatedAt, Version);
    }

    public async Task<bool> CreateAsync(EventRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.CreateItemAsync(EventDocument.From(record), new PartitionKey(record.Id),
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
            var response = await container.ReadItemAsync<EventDocument>(eventId, new PartitionKey(eventId), cancellationToken: cancellationToken);
            return response.Resource.ToRecord();
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<EventRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var iterator = container.GetItemQueryIterator<EventDocument>("SELECT * FROM c", requestOptions: new QueryRequestOptions { MaxItemCount = 500 });
        while (iterator.HasMoreResults)
        {
            foreach (var document in await iterator.ReadNextAsync(cancellationToken))
            {
                yield return document.ToRecord();
            }
        }
    }
}
