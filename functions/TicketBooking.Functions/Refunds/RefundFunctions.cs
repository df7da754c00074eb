using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TicketBooking.Functions.Hosting;
using TicketBooking.Http;
using TicketBooking.Refunds;

namespace TicketBooking.Functions.Refunds;

/// <summary>HTTP triggers of refunds and cancelled events: bind, and hand over to <see cref="RefundsApi"/> with the Durable client binding.</summary>
public sealed class RefundFunctions(RefundsApi api)
{
    [Function("RefundBooking")]
    public Task<IActionResult> RefundBooking(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Booking)] HttpRequest request,
        string bookingId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        api.RefundAsync(request, bookingId, durable, cancellationToken).AsAction();

    [Function("CancelEvent")]
    public Task<IActionResult> CancelEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.CancelEvent)] HttpRequest request,
        string eventId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        api.CancelEventAsync(request, eventId, durable, cancellationToken).AsAction();

    [Function("GetEventCancellation")]
    public Task<IActionResult> GetEventCancellation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.EventCancellation)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.GetCancellationAsync(request, eventId, cancellationToken).AsAction();

    [Function("RetryEventCancellation")]
    public Task<IActionResult> RetryEventCancellation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.RetryEventCancellation)] HttpRequest request,
        string eventId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        api.RetryCancellationAsync(request, eventId, durable, cancellationToken).AsAction();
}
