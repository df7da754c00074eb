using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;

namespace TicketBooking.Cosmos;

/// <summary>Creates the database and containers at start when <see cref="CosmosOptions.CreateIfNotExists"/> is set (local servers).</summary>
internal sealed class CosmosInitializer(CosmosClient client, IOptions<CosmosOptions> options, ILogger<CosmosInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CreateIfNotExists)
        {
            return;
        }

        await CosmosSetup.EnsureCreatedAsync(client, options.Value.DatabaseName, cancellationToken);
        logger.LogInformation("Cosmos database {Database} ready at {Endpoint}", options.Value.DatabaseName, options.Value.AccountEndpoint);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
