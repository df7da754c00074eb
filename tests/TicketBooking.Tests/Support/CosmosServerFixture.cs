using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;

namespace TicketBooking.Tests.Support;

/// <summary>The Cosmos-protocol server (tests/emulators/cosmos-server.js) on a free loopback port, one per test collection.</summary>
public sealed class CosmosServerFixture : IAsyncLifetime
{
    private NodeProcess? _server;

    public CosmosClient Client { get; private set; } = null!;

    public CosmosOptions Options { get; private set; } = null!;

    public Database Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await NodeProcess.StartAsync("cosmos-server.js", "--port 0 --host 127.0.0.1 --no-ssl", NodeProcess.ListeningOn(), TimeSpan.FromSeconds(30));
        Options = new CosmosOptions
        {
            AccountEndpoint = _server.Url,
            AccountKey = Convert.ToBase64String(new byte[64]),
            DatabaseName = "ticketbooking-tests",
            ConnectionMode = CosmosConnectionMode.Gateway,
            LocalServer = true,
            CreateIfNotExists = true,
        };
        Client = CosmosSetup.CreateClient(Options);
        await CosmosSetup.EnsureCreatedAsync(Client, Options.DatabaseName, CancellationToken.None);
        Database = Client.GetDatabase(Options.DatabaseName);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CosmosCollection : ICollectionFixture<CosmosServerFixture>
{
    public const string Name = "cosmos-server";
}
