using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketBooking.Booking;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// The local host with a short hold, the in-memory Durable sidecar, a counter of the expiry step's runs and a logger
/// provider that counts the activities the Durable worker runs.
/// </summary>
public abstract class ExpiryCountingHost(string hold) : BookingHost(hold)
{
    public ActivityCountingLoggerProvider Runs { get; } = new();

    public ExpiryStepCounter Steps { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Steps.Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        With($"Logging:LogLevel:{ActivityCountingLoggerProvider.WorkerCategoryPrefix}", "Trace");
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Runs));
    }
}

/// <summary>One-second holds (when a durable timer expired holds, its delay was cut to whole seconds and fired early).</summary>
public sealed class OneSecondHoldHost() : ExpiryCountingHost("00:00:01");

/// <summary>Holds of 300 ms: the hold ends well inside the timer's first second.</summary>
public sealed class ShortHoldHost() : ExpiryCountingHost("00:00:00.300");

public sealed class ExpiryStepCountTests(OneSecondHoldHost host) : IClassFixture<OneSecondHoldHost>
{
    [Fact]
    public Task EachHoldThatSimplyLapsesRunsTheExpiryStepExactlyOnce() => ExpiryStepCount.EachRunsOnceAsync(host, "ida");
}

public sealed class ShortHoldExpiryStepCountTests(ShortHoldHost host) : IClassFixture<ShortHoldHost>
{
    [Fact]
    public Task EachHoldOfAFewHundredMillisecondsRunsTheExpiryStepExactlyOnce() => ExpiryStepCount.EachRunsOnceAsync(host, "idb");
}

internal static class ExpiryStepCount
{
    /// <summary>
    /// 24 holds started at scattered offsets lapse; each runs the expiry step exactly once, and none of them starts an
    /// orchestration (a hold that simply lapses costs the Durable backend nothing).
    /// </summary>
    public static async Task EachRunsOnceAsync(ExpiryCountingHost host, string userPrefix)
    {
        var eventId = await host.AddEventAsync(rows: 2, seatsPerRow: 12);
        var ids = new List<(HttpClient Client, string Id)>();
        for (var seat = 1; seat <= 24; seat++)
        {
            var ticket = $"A-{(seat - 1) / 12 + 1}-{(seat - 1) % 12 + 1}";
            var client = host.ClientFor($"{userPrefix}-{seat}");
            using var reserved = await client.ReserveAsync(new { eventId, ticketIds = new[] { ticket } });
            Assert.Equal(System.Net.HttpStatusCode.Created, reserved.StatusCode);
            ids.Add((client, (await reserved.JsonAsync()).GetProperty("reservationId").GetString()!));

            // Holds start at scattered sub-second offsets, so their ends fall anywhere within a second.
            await Task.Delay(37 * (seat % 7));
        }

        foreach (var (client, id) in ids)
        {
            await client.WaitForStatusAsync(id, "expired");
        }

        // A held reservation reads as expired from its end; the step that writes it runs just after.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (ids.Any(r => host.Steps.RunsOf(r.Id) == 0) && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        // Let any extra rounds that would follow the expiry run before counting.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(ids, r => Assert.Equal(1, host.Steps.RunsOf(r.Id)));
        Assert.All(ids, r => Assert.Equal(0, host.Runs.RunsOf(r.Id, ExpireReservationActivity.Name)));
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        foreach (var (_, id) in ids)
        {
            Assert.Null(await durable.GetInstanceAsync(id));
        }

        foreach (var (client, _) in ids)
        {
            client.Dispose();
        }
    }
}
