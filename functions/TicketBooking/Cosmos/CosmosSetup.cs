using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace TicketBooking.Cosmos;

/// <summary>Builds the one CosmosClient of the process and, for local servers, the database and containers.</summary>
public static class CosmosSetup
{
    public static JsonSerializerOptions DocumentJson { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <param name="counter">Counts every request when storage request counting is on (null: never).</param>
    public static CosmosClient CreateClient(CosmosOptions options, StorageRequestCounter? counter = null)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "TicketBooking",
            ConnectionMode = options.ConnectionMode == CosmosConnectionMode.Direct ? ConnectionMode.Direct : ConnectionMode.Gateway,
            UseSystemTextJsonSerializerWithOptions = DocumentJson,
            ConsistencyLevel = null,
        };

        counter?.AttachTo(clientOptions);
        if (options.LocalServer)
        {
            clientOptions.ConnectionMode = ConnectionMode.Gateway;
            clientOptions.LimitToEndpoint = true;
            clientOptions.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 256,
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
        }

        return string.IsNullOrEmpty(options.AccountKey)
            ? new CosmosClient(options.AccountEndpoint, new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrEmpty(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
            }), clientOptions)
            : new CosmosClient(options.AccountEndpoint, options.AccountKey, clientOptions);
    }

    public static async Task EnsureCreatedAsync(CosmosClient client, string databaseName, CancellationToken cancellationToken)
    {
        var database = (await client.CreateDatabaseIfNotExistsAsync(databaseName, cancellationToken: cancellationToken)).Database;
        foreach (var (name, partitionKey) in Containers.PartitionKeys)
        {
            await database.CreateContainerIfNotExistsAsync(new ContainerProperties(name, partitionKey), cancellationToken: cancellationToken);
        }
    }
}
