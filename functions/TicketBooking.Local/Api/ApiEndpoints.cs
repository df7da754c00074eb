using TicketBooking.Catalog;
using TicketBooking.Hosting;
using TicketBooking.Http;

namespace TicketBooking.Local.Api;

/// <summary>
/// The local host's binding of the shared handlers to <see cref="ApiRoutes"/>. The Functions app binds the same
/// handlers in its trigger attributes; <c>RouteParityTests</c> fails when the two tables drift apart.
/// </summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapTicketBookingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + ApiRoutes.Prefix);

        api.MapGet(ApiRoutes.Health, (HealthApi h) => h.Get());

        api.MapPost(ApiRoutes.CreateEvent, (HttpRequest r, CatalogApi h, CancellationToken ct) => h.CreateEventAsync(r, ct));
        api.MapGet(ApiRoutes.Event, (HttpRequest r, string eventId, CatalogApi h, CancellationToken ct) => h.GetEventAsync(r, eventId, ct));
        api.MapGet(ApiRoutes.EventTickets, (HttpRequest r, string eventId, CatalogApi h, CancellationToken ct) => h.GetTicketsAsync(r, eventId, ct));

        return app;
    }
}
