using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TicketBooking.Booking;
using TicketBooking.Functions.Hosting;
using TicketBooking.Http;

namespace TicketBooking.Functions.Booking;

/// <summary>
/// HTTP triggers of the booking: bind, and hand over to <see cref="BookingApi"/> with the Durable client binding.
/// The orchestrator and activities are the library's classes, registered in Program.cs with
/// <c>ConfigureDurableWorker().AddTasks(r => r.AddTicketBookingTasks())</c>.
/// </summary>
public sealed class BookingFunctions(BookingApi api)
{
    [Function("Reserve")]
    public Task<IActionResult> Reserve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Reserve)] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.ReserveAsync(request, cancellationToken).AsAction();

    [Function("Confirm")]
    public Task<IActionResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.Confirm)] HttpRequest request,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        api.ConfirmAsync(request, durable, cancellationToken).AsAction();

    [Function("GetReservation")]
    public Task<IActionResult> GetReservation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Reservation)] HttpRequest request,
        string reservationId, CancellationToken cancellationToken) =>
        api.GetAsync(request, reservationId, cancellationToken).AsAction();

    [Function("CancelReservation")]
    public Task<IActionResult> CancelReservation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Reservation)] HttpRequest request,
        string reservationId, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        api.CancelAsync(request, reservationId, durable, cancellationToken).AsAction();

    [Function("ListBookings")]
    public Task<IActionResult> ListBookings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Bookings)] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.ListAsync(request, cancellationToken).AsAction();

    [Function("StripeWebhook")]
    public Task<IActionResult> StripeWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.StripeWebhook)] HttpRequest request,
        [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        api.StripeWebhookAsync(request, durable, cancellationToken).AsAction();
}
