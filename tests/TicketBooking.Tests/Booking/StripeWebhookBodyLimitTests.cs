using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Errors;
using TicketBooking.Booking;
using TicketBooking.Payments;
using TicketBooking.Tests.Payments;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// The Stripe webhook over HTTP in the local host: a body over the cap is a 413 problem, whatever its framing. (That
/// the handler stops reading at the cap is shown in RequestReadingTests: the in-process test server pumps the whole
/// request body whatever the application reads.)
/// </summary>
public sealed class StripeWebhookBodyLimitTests(StripeWebhookBodyLimitTests.Host host) : IClassFixture<StripeWebhookBodyLimitTests.Host>
{
    public sealed class Host : LocalHostFactory
    {
        public Host()
        {
            With("Stripe:WebhookSecret", StripeTestEvents.WebhookSecret);
            With("Logging:LogLevel:Default", "Warning");
        }
    }

    private const long OneMiB = 1024 * 1024;

    private static HttpRequestMessage Delivery(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/stripe/webhook") { Content = content };
        request.Headers.Add(StripeWebhook.SignatureHeader, StripeTestEvents.SignatureHeader("{}", DateTimeOffset.UtcNow));
        return request;
    }

    private static async Task<JsonObject> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOverTheCapIsRefusedWith413(bool withContentLength)
    {
        using HttpContent content = withContentLength
            ? new ByteArrayContent(new byte[OneMiB])
            : new StreamContent(new EndlessBody(OneMiB, announceLength: false));
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Delivery(content));

        var problem = await ProblemOf(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("/problems/payload-too-large", problem["type"]!.GetValue<string>());
        Assert.Equal(withContentLength, content.Headers.ContentLength is not null);
        Assert.Contains(BookingApi.MaxWebhookBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheHandlerBothHostsCallRefusesAnOversizedContentLengthWithoutReadingTheBody()
    {
        var body = new EndlessBody(OneMiB, announceLength: true);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentLength = body.Length;
        context.Request.Body = body;
        context.Request.Headers[StripeWebhook.SignatureHeader] = StripeTestEvents.SignatureHeader("{}", DateTimeOffset.UtcNow);
        var api = host.Services.GetRequiredService<BookingApi>();
        var durable = host.Services.GetRequiredService<DurableTaskClient>();

        var ex = await Assert.ThrowsAsync<DomainException>(() => api.StripeWebhookAsync(context.Request, durable, CancellationToken.None));

        Assert.Equal(ErrorKind.BodyTooLarge, ex.Kind);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task ABodyWithinTheCapIsReadAndItsSignatureChecked()
    {
        using var content = new StreamContent(new EndlessBody(BookingApi.MaxWebhookBodyBytes, announceLength: false));
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Delivery(content));

        var problem = await ProblemOf(response, HttpStatusCode.BadRequest);
        Assert.Equal("/problems/invalid-signature", problem["type"]!.GetValue<string>());
    }
}
