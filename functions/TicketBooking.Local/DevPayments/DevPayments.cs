using Microsoft.DurableTask.Client;
using TicketBooking.Booking;
using TicketBooking.Errors;
using TicketBooking.Http;
using TicketBooking.Payments;

namespace TicketBooking.Local.DevPayments;

/// <summary>
/// The payment simulator's 3-D Secure step, local host only (the Functions app never maps it): the customer passes or
/// fails their bank's check for a payment that waits for them, and the outcome reaches the reservation as Stripe's
/// webhook would deliver it. Answers only callers on this machine, and only while the simulator is the provider.
/// </summary>
internal static class DevPayments
{
    public sealed record AuthenticationRequest(bool? Succeeded);

    public static IEndpointRouteBuilder MapDevPayments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + ApiRoutes.Prefix + "/" + ApiRoutes.DevPaymentAuthentication, async (HttpRequest request, string paymentId,
            IServiceProvider services, BookingApi booking, DurableTaskClient durable, CancellationToken ct) =>
        {
            var simulator = services.GetService<SimulatedPaymentGateway>();
            if (simulator is null)
            {
                return Results.NotFound();
            }

            var body = await request.ReadJsonAsync<AuthenticationRequest>(ct);
            if (body.Succeeded is not { } succeeded)
            {
                throw new InvalidRequestException(new Dictionary<string, string[]> { ["succeeded"] = ["'succeeded' is true or false."] });
            }

            PaymentNotification notification;
            try
            {
                notification = simulator.CompleteAction(paymentId, succeeded);
            }
            catch (ArgumentException)
            {
                throw new DomainException(ErrorKind.ReservationNotFound, "No such payment.", $"No payment '{paymentId}' is waiting for 3-D Secure.");
            }
            catch (InvalidOperationException e)
            {
                throw new DomainException(ErrorKind.PaymentInProgress, "The payment is not waiting for 3-D Secure.", e.Message);
            }

            await booking.RoutePaymentAsync(notification, durable, ct);
            return Results.Json(new { paymentId, succeeded }, ApiJson.Options);
        }).AddEndpointFilter(async (context, next) =>
            DevSignIn.DevSignIn.IsLoopback(context.HttpContext.Connection.RemoteIpAddress) ? await next(context) : Results.NotFound());
        return app;
    }
}
