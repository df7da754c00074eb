using Microsoft.Extensions.Configuration.Memory;
using TicketBooking.Hosting;
using TicketBooking.Local.Api;
using TicketBooking.Local.Demo;
using TicketBooking.Local.DevPayments;
using TicketBooking.Local.DevSignIn;
using TicketBooking.Local.Durable;
using TicketBooking.Local.Telemetry;
using TicketBooking.Local.WaitingRoom;
using TicketBooking.Local.WebApp;

namespace TicketBooking.Local;

/// <summary>Composes the local host. Program.cs runs it; the benchmark starts the same composition in process.</summary>
public static class LocalHost
{
    /// <summary>
    /// Settings the local host assumes unless told otherwise, below every other source. The Functions app has no such
    /// defaults: it refuses to start without the setting (and with any local-only one).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> EmbeddedDefaults = new Dictionary<string, string?>
    {
        ["Payments:Provider"] = "Simulator",
        // A fixed, published key: passes signed locally mean nothing anywhere else. Azure refuses this setting.
        ["WaitingRoom:DevelopmentPassSigningKey"] = "bG9jYWwtb25seS13YWl0aW5nLXJvb20tcGFzcy1rZXktZG8tbm90LXVzZQ==",
        // The same for ticket codes: tickets issued by a local run admit nowhere else.
        ["Tickets:DevelopmentSigningKey"] = "bG9jYWwtb25seS10aWNrZXQtc2lnbmluZy1rZXktZG8tbm90LXVzZS0wMDA=",
    };

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = EmbeddedDefaults });

        builder.Services.AddDevSignIn();
        builder.Services.AddWebApp(builder.Configuration);
        builder.Services.AddTicketBooking(builder.Configuration);
        builder.Services.AddDemoCatalog(builder.Configuration);
        builder.Services.AddLocalDurableTask(builder.Configuration);
        builder.Services.AddHostedService<WaitingRoomDrainLoop>();
        builder.AddLocalHttp();
        builder.AddLocalTelemetry();
        builder.AddApiDocument();
        configure?.Invoke(builder);

        var app = builder.Build();

        app.UseProblemResponses();
        app.UseWebApp();
        app.MapTicketBookingApi();
        app.MapDevSignIn();
        app.MapApiDocument();
        app.MapDevPayments();
        return app;
    }
}
