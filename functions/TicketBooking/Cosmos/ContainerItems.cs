using System.Net;
using Microsoft.Azure.Cosmos;
using TicketBooking.Storage;

namespace TicketBooking.Cosmos;

/// <summary>
/// The Cosmos stores' point operations, each status code that is an answer rather than a failure turned into a value
/// once: 404 on a read is null, 409 on a create is false, 412 (or 404) on a conditional replace is null. They use the
/// SDK's stream operations, which return those answers as status codes: the typed ones throw an exception for each,
/// and a surge of joins reads mostly entries that do not exist yet. Any other failure is thrown as the typed
/// operations throw it (<see cref="CosmosException"/>).
/// </summary>
public static class ContainerItems
{
    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    /// <summary>The document with its ETag, or null when there is none.</summary>
    public static async Task<Versioned<TDocument>?> ReadOrNullAsync<TDocument>(this Container container, string id, PartitionKey partitionKey,
        CancellationToken cancellationToken)
    {
        using var response = await container.ReadItemStreamAsync(id, partitionKey, cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var item = container.Database.Client.ResponseFactory.CreateItemResponse<TDocument>(response);
        return new Versioned<TDocument>(item.Resource, item.ETag);
    }

    /// <summary>Creates the document unless one with its id exists: its ETag, or null (and no change) when one does.</summary>
    public static async Task<string?> CreateIfAbsentWithETagAsync<TDocument>(this Container container, TDocument document, PartitionKey partitionKey,
        CancellationToken cancellationToken)
    {
        using var body = Serializer(container).ToStream(document);
        using var response = await container.CreateItemStreamAsync(body, partitionKey, NoContent, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return response.Headers.ETag ?? "";
    }

    /// <summary>Creates the document unless one with its id exists; false (and no change) when one does.</summary>
    public static async Task<bool> CreateIfAbsentAsync<TDocument>(this Container container, TDocument document, PartitionKey partitionKey,
        CancellationToken cancellationToken) =>
        await container.CreateIfAbsentWithETagAsync(document, partitionKey, cancellationToken) is not null;

    /// <summary>Replaces the document if its stored ETag is still <paramref name="ifMatch"/>: the new ETag, or null when it changed or is gone.</summary>
    public static async Task<string?> ReplaceIfMatchAsync<TDocument>(this Container container, TDocument document, string id, PartitionKey partitionKey,
        string ifMatch, CancellationToken cancellationToken)
    {
        using var body = Serializer(container).ToStream(document);
        using var response = await container.ReplaceItemStreamAsync(body, id, partitionKey,
            new ItemRequestOptions { IfMatchEtag = ifMatch, EnableContentResponseOnWrite = false }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return response.Headers.ETag ?? "";
    }

    /// <summary>The client's own serializer (the one the typed operations use).</summary>
    private static CosmosSerializer Serializer(Container container) =>
        container.Database.Client.ClientOptions.Serializer
        ?? throw new InvalidOperationException("The Cosmos client has no serializer: CosmosSetup configures one.");
}
