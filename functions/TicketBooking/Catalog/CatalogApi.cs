using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TicketBooking.Auth;
using TicketBooking.Http;
using TicketBooking.RateLimiting;

namespace TicketBooking.Catalog;

/// <summary>
/// The catalog's HTTP handlers. Both hosts bind them to the routes in <see cref="ApiRoutes"/> and hand in their Durable
/// Task client where one is needed (the Functions app from its <c>[DurableClient]</c> binding, the local host from its sidecar).
/// </summary>
public sealed class CatalogApi(EventCatalog catalog, Authenticator authenticator, RateLimits limits)
{
    /// <summary>Short public caching: a CDN may absorb a surge of viewers, and seats are at most two seconds stale.</summary>
    public const string ViewCacheControl = "public, max-age=2";

    /// <summary>
    /// Stores the event (status creating) and starts the orchestration that writes its tickets and opens it: 202 with
    /// the event's view and its Location, where the status turns to scheduled when every ticket exists.
    /// </summary>
    public async Task<IResult> CreateEventAsync(HttpRequest request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        var body = await request.ReadJsonAsync<CreateEventRequest>(cancellationToken);
        var record = await catalog.CreateAsync(body, caller, cancellationToken);

        // From the stored record on, the steps run to the end even if the caller goes away.
        await durable.ScheduleNewOrchestrationInstanceAsync(EventCreationOrchestrator.Name, catalog.CreationOf(record),
            new StartOrchestrationOptions(EventCreationOrchestrator.InstanceIdFor(record.Id)), CancellationToken.None);
        var view = await catalog.GetViewAsync(record.Id, CancellationToken.None);
        return new RawJsonResult(view.Json, StatusCodes.Status202Accepted, view.ETag, $"/{ApiRoutes.Prefix}/event/{record.Id}");
    }

    /// <summary>Sets the event's refund policy (its organizer or an admin): the event's view as it now is.</summary>
    public async Task<IResult> SetRefundPolicyAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        var policy = (await request.ReadJsonAsync<RefundPolicyInput>(cancellationToken)).Validate();
        TicketBookingTelemetry.Tag(eventId);
        var record = await catalog.SetRefundPolicyAsync(eventId, caller, policy, cancellationToken);
        return await ViewAsync(record.Id);
    }

    /// <summary>Moves the event to a new start (its organizer or an admin); bookings stay. The event's view as it now is.</summary>
    public async Task<IResult> RescheduleAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        var body = await request.ReadJsonAsync<ScheduleRequest>(cancellationToken);
        TicketBookingTelemetry.Tag(eventId);
        var record = await catalog.RescheduleAsync(eventId, caller, body, cancellationToken);
        return await ViewAsync(record.Id);
    }

    private async Task<IResult> ViewAsync(string eventId)
    {
        var view = await catalog.GetViewAsync(eventId, CancellationToken.None);
        return new RawJsonResult(view.Json, etag: view.ETag, cacheControl: "no-store");
    }

    public async Task<IResult> GetEventAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        limits.Check(RateLimitPolicy.AnonymousReads, request);
        TicketBookingTelemetry.Tag(eventId);
        var view = await catalog.GetViewAsync(eventId, cancellationToken);
        return Conditional.Matches(request, view.ETag)
            ? new NotModifiedResult(view.ETag, ViewCacheControl)
            : new RawJsonResult(view.Json, etag: view.ETag, cacheControl: ViewCacheControl);
    }

    public async Task<IResult> GetTicketsAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        limits.Check(RateLimitPolicy.AnonymousReads, request);
        TicketBookingTelemetry.Tag(eventId);
        var section = await catalog.GetSectionAsync(eventId, request.Query["section"].ToString(), cancellationToken);
        return Conditional.Matches(request, section.ETag)
            ? new NotModifiedResult(section.ETag, ViewCacheControl)
            : new RawJsonResult(section.Json, etag: section.ETag, cacheControl: ViewCacheControl);
    }
}
