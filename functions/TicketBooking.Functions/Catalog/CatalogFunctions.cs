using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TicketBooking.Catalog;
using TicketBooking.Functions.Hosting;
using TicketBooking.Http;

namespace TicketBooking.Functions.Catalog;

/// <summary>HTTP triggers of the catalog: bind and hand over to <see cref="CatalogApi"/>.</summary>
public sealed class CatalogFunctions(CatalogApi api)
{
    [Function("CreateEvent")]
    public Task<IActionResult> CreateEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.CreateEvent)] HttpRequest request,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        api.CreateEventAsync(request, durable, cancellationToken).AsAction();

    [Function("GetEvent")]
    public Task<IActionResult> GetEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Event)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.GetEventAsync(request, eventId, cancellationToken).AsAction();

    [Function("GetEventTickets")]
    public Task<IActionResult> GetEventTickets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.EventTickets)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.GetTicketsAsync(request, eventId, cancellationToken).AsAction();

    [Function("SetRefundPolicy")]
    public Task<IActionResult> SetRefundPolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.RefundPolicy)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.SetRefundPolicyAsync(request, eventId, cancellationToken).AsAction();

    [Function("RescheduleEvent")]
    public Task<IActionResult> RescheduleEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.EventSchedule)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.RescheduleAsync(request, eventId, cancellationToken).AsAction();
}
