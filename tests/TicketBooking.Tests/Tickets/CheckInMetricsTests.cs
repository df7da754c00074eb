using System.Net;
using TicketBooking.Telemetry;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Tickets;

/// <summary>Scans at the door are counted per event by outcome: admitted, duplicate, refused.</summary>
public sealed class CheckInMetricsTests(TicketsHost host) : IClassFixture<TicketsHost>
{
    [Fact]
    public async Task ScansAreCountedPerEventAsAdmittedDuplicateOrRefused()
    {
        var eventId = await host.AddEventAsync();
        var otherEventId = await host.AddEventAsync();
        var bookingId = await host.BookAsync("fay", eventId, "A-1-1", "A-1-2");
        var first = await host.CodeAsync("fay", bookingId, "A-1-1");
        var second = await host.CodeAsync("fay", bookingId, "A-1-2");
        var otherBooking = await host.BookAsync("gus", otherEventId, "A-1-1");
        var otherEventsCode = await host.CodeAsync("gus", otherBooking, "A-1-1");
        using var meters = new MeasurementsOf(eventId);
        using var door = host.OrganizerClient();

        var answers = new List<HttpStatusCode>();
        foreach (var code in new[] { first, second, first, first, otherEventsCode, "not-a-ticket-code" })
        {
            using var response = await door.CheckInAsync(eventId, code);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.BadRequest,
            HttpStatusCode.BadRequest], answers);
        Assert.Equal(2, meters.Sum(TicketBookingMetrics.CheckIns, TicketBookingMetrics.CheckInOutcomeAttribute, TicketBookingMetrics.Admitted));
        Assert.Equal(2, meters.Sum(TicketBookingMetrics.CheckIns, TicketBookingMetrics.CheckInOutcomeAttribute, TicketBookingMetrics.Duplicate));
        Assert.Equal(2, meters.Sum(TicketBookingMetrics.CheckIns, TicketBookingMetrics.CheckInOutcomeAttribute, TicketBookingMetrics.Refused));
        Assert.Equal(6, meters.Sum(TicketBookingMetrics.CheckIns));
    }
}
