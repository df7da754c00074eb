using System.Diagnostics;
using System.Net;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Http;
using TicketBooking.Telemetry;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Payments;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Telemetry;

/// <summary>
/// Reserve-and-confirm through the local host (the in-process Durable Task engine, the real Stripe client against the
/// fake Stripe server): the spans it produces and the metrics it moves.
/// </summary>
public sealed class ReservationTelemetryTests : IAsyncLifetime
{
    private const string UserId = "user-5d81c0e4";

    private FakeStripeServer _stripe = null!;
    private TracedHost _host = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _host = new TracedHost();
        _stripe.UseIn(_host);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    private async Task<string> AddEventAsync()
    {
        var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        await _host.Services.GetRequiredService<EventCatalog>().AddAsync(new EventRecord(id, "Test", ["Band"], "concert", "", new Venue("Hall", "City", ""),
            now.AddDays(30), [new SectionLayout("A", 1, 10, 40m, "USD")], EventStatus.Scheduled, "organizer", now), CancellationToken.None);
        return id;
    }

    /// <summary>A client whose requests continue the caller's trace <paramref name="traceId"/> (W3C traceparent).</summary>
    private HttpClient ClientIn(ActivityTraceId traceId, string userId = UserId)
    {
        var client = _host.ClientFor(userId);
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        return client;
    }

    private async Task<string> ReserveAndConfirmAsync(HttpClient client, string eventId, string ticketId = "A-1-1")
    {
        using var reserved = await client.ReserveAsync(new { eventId, ticketIds = new[] { ticketId } });
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        var reservationId = (await reserved.JsonAsync()).GetProperty("reservationId").GetString()!;
        using var confirmed = await client.ConfirmAsync(reservationId);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        return reservationId;
    }

    private async Task<IReadOnlyList<Activity>> WaitForSpanAsync(ActivityTraceId traceId, string displayName)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var spans = _host.SpansOf(traceId);
            if (spans.Any(s => s.DisplayName == displayName) || DateTime.UtcNow > until)
            {
                return spans;
            }

            await Task.Delay(50);
        }
    }

    private static Activity Single(IReadOnlyList<Activity> spans, Func<Activity, bool> which, string what) =>
        spans.SingleOrDefault(which) ?? throw new Xunit.Sdk.XunitException(
            $"No single span {what} in the trace; it has: {string.Join("; ", spans.Select(s => $"{s.Source.Name} {s.DisplayName}"))}");

    [Fact]
    public async Task OneReserveAndConfirmIsOneTraceFromTheRequestsThroughTheOrchestrationToStripe()
    {
        var eventId = await AddEventAsync();
        var traceId = ActivityTraceId.CreateRandom();
        using var client = ClientIn(traceId);

        var reservationId = await ReserveAndConfirmAsync(client, eventId);
        var spans = await WaitForSpanAsync(traceId, "orchestration:" + ReservationOrchestrator.Name);

        var reserve = Single(spans, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/api/" + ApiRoutes.Reserve, "POST reserve");
        Assert.Equal(eventId, reserve.GetTagItem(TicketBookingTelemetry.EventIdAttribute));
        Assert.Equal(reservationId, reserve.GetTagItem(TicketBookingTelemetry.ReservationIdAttribute));
        var confirm = Single(spans, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/api/" + ApiRoutes.Confirm, "PUT confirm");
        Assert.Equal(reservationId, confirm.GetTagItem(TicketBookingTelemetry.ReservationIdAttribute));
        // The orchestration starts with the first payment, not with the hold.
        var start = Single(spans, s => s.DisplayName == "create_orchestration:" + ReservationOrchestrator.Name, "starting the orchestration");
        Assert.Equal(confirm.SpanId, start.ParentSpanId);
        var orchestration = Single(spans, s => s.DisplayName == "orchestration:" + ReservationOrchestrator.Name, "of the orchestration");
        Assert.Equal(start.SpanId, orchestration.ParentSpanId);
        Assert.Equal(reservationId, orchestration.GetTagItem(TicketBookingTelemetry.ReservationIdAttribute));
        Assert.Equal(eventId, orchestration.GetTagItem(TicketBookingTelemetry.EventIdAttribute));
        var charge = Single(spans, s => s.Kind == ActivityKind.Client && ((string?)s.GetTagItem("url.full"))?.EndsWith("/v1/payment_intents", StringComparison.Ordinal) == true,
            "of the Stripe charge");
        Assert.Equal(confirm.SpanId, charge.ParentSpanId);
        var signal = Single(spans, s => s.DisplayName == "orchestration_event:" + ReservationOrchestrator.SignalEvent, "signalling the orchestration");
        Assert.Equal(confirm.SpanId, signal.ParentSpanId);

        Assert.DoesNotContain(spans, s => ((string?)s.GetTagItem("url.path"))?.StartsWith("/TaskHubSidecarService/", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(spans, s => s.TagObjects.Any(t => t.Value?.ToString()?.Contains(UserId, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task AHoldThatLapsesIsExpiredInTheReservesTrace()
    {
        await using var host = new TracedHost();
        host.With("Booking:HoldDuration", "00:00:01");
        var eventId = "evt-" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        await host.Services.GetRequiredService<EventCatalog>().AddAsync(new EventRecord(eventId, "Test", ["Band"], "concert", "", new Venue("Hall", "City", ""),
            now.AddDays(30), [new SectionLayout("A", 1, 10, 40m, "USD")], EventStatus.Scheduled, "organizer", now), CancellationToken.None);
        var traceId = ActivityTraceId.CreateRandom();
        using var client = host.ClientFor(UserId);
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var reserved = await client.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1" } });
        var reservationId = (await reserved.JsonAsync()).GetProperty("reservationId").GetString()!;
        await client.WaitForStatusAsync(reservationId, "expired", TimeSpan.FromSeconds(30));

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        Activity? expiry = null;
        while (expiry is null && DateTime.UtcNow < until)
        {
            expiry = host.SpansOf(traceId).FirstOrDefault(s => s.DisplayName == HoldExpiry.SpanName);
            await Task.Delay(50);
        }

        Assert.NotNull(expiry);
        Assert.DoesNotContain(host.SpansOf(traceId), s => s.DisplayName.EndsWith(ReservationOrchestrator.Name, StringComparison.Ordinal));
        Assert.Equal(reservationId, expiry.GetTagItem(TicketBookingTelemetry.ReservationIdAttribute));
        Assert.Equal(eventId, expiry.GetTagItem(TicketBookingTelemetry.EventIdAttribute));
    }

    [Fact]
    public async Task HoldsConfirmationsAndRefusedDoubleBookingsMoveTheirMetrics()
    {
        var eventId = await AddEventAsync();
        using var meters = new MeasurementsOf(eventId);
        using var client = _host.ClientFor(UserId);
        using var rival = _host.ClientFor("user-rival");

        await ReserveAndConfirmAsync(client, eventId);
        using var refused = await rival.ReserveAsync(new { eventId, ticketIds = new[] { "A-1-1" } });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        Assert.Equal(1, meters.Sum(TicketBookingMetrics.Holds));
        Assert.Equal(1, meters.Sum(TicketBookingMetrics.Confirmations));
        Assert.Equal(1, meters.Sum(TicketBookingMetrics.Conflicts));
        Assert.Equal(0, meters.Sum(TicketBookingMetrics.Expiries));
    }
}
