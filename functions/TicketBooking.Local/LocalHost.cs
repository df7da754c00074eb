using TicketBooking.Hosting;
using TicketBooking.Local.Api;
using TicketBooking.Local.Demo;
using TicketBooking.Local.DevSignIn;
using TicketBooking.Local.Durable;

namespace TicketBooking.Local;

/// <summary>Composes the local host. Program.cs runs it; the benchmark starts the same composition in process.</summary>
public static class LocalHost
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddDevSignIn();
        builder.Services.AddTicketBooking(builder.Configuration);
        builder.Services.AddDemoCatalog(builder.Configuration);
        builder.Services.AddLocalDurableTask(builder.Configuration);
        builder.AddLocalHttp();
        configure?.Invoke(builder);

        var app = builder.Build();

        app.UseProblemResponses();
        app.MapTicketBookingApi();
        app.MapDevSignIn();
        return app;
    }
}
