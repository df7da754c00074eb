using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace TicketBooking.Tests.Support;

/// <summary>A web app on real Kestrel on 127.0.0.1 and a free port, so clients read real sockets (streams, backpressure).</summary>
public static class KestrelApp
{
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }
}
