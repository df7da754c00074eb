using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Catalog;

/// <summary>
/// Events in Cosmos DB: one document per event in the <c>events</c> container, partitioned by id. The record is the
/// document (the camelCase serializer maps <see cref="EventRecord.Id"/> to <c>id</c>).
/// </summary>
public sealed class CosmosEventStore(Container container) : IEventStore
{
    private const int MaxAttempts = 5;

    public Task<bool> CreateAsync(EventRecord record, CancellationToken cancellationToken = default) =>
        container.CreateIfAbsentAsync(record, new PartitionKey(record.Id), cancellationToken);

    public async Task<EventRecord?> GetAsync(string eventId, CancellationToken cancellationToken = default) =>
        (await container.ReadOrNullAsync<EventRecord>(eventId, new PartitionKey(eventId), cancellationToken))?.Value;

    public async Task<EventRecord?> ChangeStatusAsync(string eventId, EventStatus from, EventStatus to, CancellationToken cancellationToken = default)
    {
        var partition = new PartitionKey(eventId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await container.ReadOrNullAsync<EventRecord>(eventId, partition, cancellationToken) is not { } stored
                || (stored.Value.Status != from && stored.Value.Status != to))
            {
                return null;
            }

            if (stored.Value.Status == to)
            {
                return stored.Value;
            }

            var changed = stored.Value with { Status = to, Version = stored.Value.Version + 1 };
            if (await container.ReplaceIfMatchAsync(changed, eventId, partition, stored.ETag, cancellationToken) is not null)
            {
                return changed;
            }
        }

        throw new InvalidOperationException($"Event {eventId} kept changing while its status was being set to {to}.");
    }

    public async Task<EventRecord?> SetWaitingRoomAsync(string eventId, long expectedVersion, WaitingRoomSettings? room,
        CancellationToken cancellationToken = default)
    {
        var partition = new PartitionKey(eventId);
        if (await container.ReadOrNullAsync<EventRecord>(eventId, partition, cancellationToken) is not { } stored || stored.Value.Version != expectedVersion)
        {
            return null;
        }

        var changed = stored.Value with { WaitingRoom = room, Version = stored.Value.Version + 1 };
        return await container.ReplaceIfMatchAsync(changed, eventId, partition, stored.ETag, cancellationToken) is null ? null : changed;
    }

    public async Task<EventRecord?> ReplaceAsync(EventRecord changed, long expectedVersion, CancellationToken cancellationToken = default)
    {
        var partition = new PartitionKey(changed.Id);
        if (await container.ReadOrNullAsync<EventRecord>(changed.Id, partition, cancellationToken) is not { } stored
            || stored.Value.Version != expectedVersion)
        {
            return null;
        }

        return await container.ReplaceIfMatchAsync(changed, changed.Id, partition, stored.ETag, cancellationToken) is null ? null : changed;
    }

    public async Task<IReadOnlyList<EventRecord>> ListCreatedByAsync(string organizerId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        // A cross-partition query (events are partitioned by id), bounded by one organizer's day; it runs once per create.
        // createdAt is stored as ISO 8601 in UTC, so a prefix of whole seconds compares correctly as a string.
        var query = new QueryDefinition("SELECT * FROM c WHERE c.createdBy = @organizerId AND c.createdAt >= @since")
            .WithParameter("@organizerId", organizerId)
            .WithParameter("@since", since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        var found = new List<EventRecord>();
        using var iterator = container.GetItemQueryIterator<EventRecord>(query, requestOptions: new QueryRequestOptions { MaxItemCount = 500 });
        while (iterator.HasMoreResults)
        {
            found.AddRange((await iterator.ReadNextAsync(cancellationToken)).Where(e => e.CreatedAt >= since));
        }

        return found;
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
