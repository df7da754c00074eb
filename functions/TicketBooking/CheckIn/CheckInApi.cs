using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Http;
using TicketBooking.RateLimiting;

namespace TicketBooking.CheckIn;

/// <summary>The door's HTTP handlers (check-in and naming the door staff). Both hosts bind them to <see cref="ApiRoutes"/>.</summary>
public sealed class CheckInApi(CheckInDesk desk, Authenticator authenticator, RateLimits limits)
{
    public async Task<IResult> CheckInAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        limits.Check(RateLimitPolicy.CheckIn, caller.UserId);
        TicketBookingTelemetry.Tag(eventId);
        var body = await request.ReadJsonAsync<CheckInRequest>(cancellationToken);
        var view = await desk.AdmitAsync(caller, eventId, body, cancellationToken);
        return Json(view);
    }

    public async Task<IResult> SetStaffAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        var body = await request.ReadJsonAsync<StaffRequest>(cancellationToken);
        return Json(await desk.SetStaffAsync(caller, eventId, body, cancellationToken));
    }

    private static RawJsonResult Json<T>(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options), cacheControl: "no-store");
}
