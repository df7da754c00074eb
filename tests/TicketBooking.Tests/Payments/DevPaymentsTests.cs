using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TicketBooking.Tests.Booking;

namespace TicketBooking.Tests.Payments;

/// <summary>The local host's 3-D Secure step for the payment simulator, which the web app's checkout calls.</summary>
public sealed class DevPaymentsTests(LongHoldBookingHost host) : IClassFixture<LongHoldBookingHost>
{
    private Task<HttpContext> AuthenticateAsync(string paymentId, bool succeeded, string remote = "127.0.0.1") =>
        host.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Post;
            context.Request.Path = $"/api/dev/payments/{paymentId}/authenticate";
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"succeeded":{{(succeeded ? "true" : "false")}}}"""));
            context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        });

    private async Task<(HttpClient Client, string ReservationId, string PaymentId)> PaymentWaitingFor3DSecureAsync(string user, string seat)
    {
        var eventId = await host.AddEventAsync();
        var client = host.ClientFor(user);
        using var reserved = await client.ReserveAsync(new { eventId, ticketIds = new[] { seat } });
        var id = (await reserved.JsonAsync()).GetProperty("reservationId").GetString()!;
        using var pending = await client.ConfirmAsync(id, "pm_card_authenticationRequired");
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        return (client, id, (await pending.JsonAsync()).GetProperty("paymentId").GetString()!);
    }

    [Fact]
    public async Task PassingTheCheckBooksTheReservationWithOneCharge()
    {
        var (client, id, paymentId) = await PaymentWaitingFor3DSecureAsync("tess", "A-1-1");

        var answer = await AuthenticateAsync(paymentId, succeeded: true);
        var confirmed = await client.WaitForStatusAsync(id, "confirmed");

        Assert.Equal(StatusCodes.Status200OK, answer.Response.StatusCode);
        Assert.StartsWith("bkg-", confirmed.GetProperty("bookingId").GetString());
        Assert.Equal(1, host.Payments.ChargeCount(id));
    }

    [Fact]
    public async Task FailingTheCheckLeavesTheSeatsHeldForAnotherCard()
    {
        var (client, id, paymentId) = await PaymentWaitingFor3DSecureAsync("finn", "A-1-2");

        var answer = await AuthenticateAsync(paymentId, succeeded: false);
        var held = await client.WaitForStatusAsync(id, "held");
        using var retry = await client.ConfirmAsync(id, "pm_card_visa");

        Assert.Equal(StatusCodes.Status200OK, answer.Response.StatusCode);
        Assert.Equal("held", held.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, host.Payments.ChargeCount(id));
    }

    [Fact]
    public async Task AnUnknownPaymentIsAProblemAndARemoteCallerFindsNothing()
    {
        var (_, _, paymentId) = await PaymentWaitingFor3DSecureAsync("uma", "A-1-3");

        var unknown = await AuthenticateAsync("pi_sim_nope", succeeded: true);
        var remote = await AuthenticateAsync(paymentId, succeeded: true, remote: "203.0.113.7");

        Assert.Equal(StatusCodes.Status404NotFound, unknown.Response.StatusCode);
        Assert.Equal("application/problem+json", unknown.Response.ContentType?.Split(';')[0]);
        using var problem = await JsonDocument.ParseAsync(unknown.Response.Body);
        Assert.Equal("/problems/reservation-not-found", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(StatusCodes.Status404NotFound, remote.Response.StatusCode);
        Assert.Equal(0, host.Payments.Payments.Count(p => p.PaymentId == paymentId && p.Status == TicketBooking.Payments.PaymentStatus.Succeeded));
    }
}
