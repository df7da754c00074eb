using System.Net;
using Microsoft.Azure.Cosmos;
using TicketBooking.Storage;

namespace TicketBooking.Cosmos;

/// <summary>
/// The Cosmos stores' point operations, each status code that is an answer rather than a failure turned into a value
/// once: 404 on a read is null, 409 on a create is false, 412 (or 404) on a conditional replace is null.
/// </summary>
public static class ContainerItems
{
    /// <summary>The document with its ETag, or null when there is none.</summary>
    public static async Task<Versioned<TDocument>?> ReadOrNullAsync<TDocument>(this Container container, string id, PartitionKey partitionKey,
        CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.ReadItemAsync<TDocument>(id, partitionKey, cancellationToken: cancellationToken);
            return new Versioned<TDocument>(response.Resource, response.ETag);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates the document unless one with its id exists: its ETag, or null (and no change) when one does.</summary>
    public static async Task<string?> CreateIfAbsentWithETagAsync<TDocument>(this Container container, TDocument document, PartitionKey partitionKey,
        CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.CreateItemAsync(document, partitionKey, new ItemRequestOptions { EnableContentResponseOnWrite = false },
                cancellationToken);
            return response.ETag ?? "";
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>Creates the document unless one with its id exists; false (and no change) when one does.</summary>
    public static async Task<bool> CreateIfAbsentAsync<TDocument>(this Container container, TDocument document, PartitionKey partitionKey,
        CancellationToken cancellationToken)
    {
        try
        {
            await container.CreateItemAsync(document, partitionKey, new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
            return true;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>Replaces the document if its stored ETag is still <paramref name="ifMatch"/>: the new ETag, or null when it changed or is gone.</summary>
    public static async Task<string?> ReplaceIfMatchAsync<TDocument>(this Container container, TDocument document, string id, PartitionKey partitionKey,
        string ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.ReplaceItemAsync(document, id, partitionKey,
                new ItemRequestOptions { IfMatchEtag = ifMatch, EnableContentResponseOnWrite = false }, cancellationToken);
            return response.ETag ?? "";
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
