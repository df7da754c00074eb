using Microsoft.Extensions.Options;
using TicketBooking.Catalog;
using TicketBooking.Demo;

namespace TicketBooking.Local.Demo;

/// <summary>Loads the demo catalog before the host starts serving, unless <c>Seed:Demo=false</c> or it is already there.</summary>
internal sealed class DemoSeeder(EventCatalog catalog, IEventStore events, IOptions<SeedOptions> options, TimeProvider time,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Demo)
        {
            return;
        }

        if (await events.GetAsync(DemoCatalog.StadiumEventId, cancellationToken) is not null)
        {
            logger.LogInformation("Demo catalog already present");
            return;
        }

        var started = time.GetTimestamp();
        var count = 0;
        foreach (var record in DemoCatalog.Generate(options.Value.EventCount, time.GetUtcNow()))
        {
            await catalog.AddAsync(record, cancellationToken);
            count++;
        }

        logger.LogInformation("Seeded {EventCount} demo events in {Elapsed}; the stadium event is {StadiumEventId}",
            count, time.GetElapsedTime(started), DemoCatalog.StadiumEventId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
