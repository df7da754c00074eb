using System.Diagnostics;

namespace TicketBooking.Telemetry;

/// <summary>
/// The names both hosts export under: one activity source and one meter, both called <see cref="Name"/>, and the
/// attributes that tie a span or a measurement to a reservation or an event. The user's identity is never an attribute.
/// </summary>
public static class TicketBookingTelemetry
{
    /// <summary>The activity source's and the meter's name (and the service name when none is configured).</summary>
    public const string Name = "TicketBooking";

    public const string ActivitySourceName = Name;
    public const string MeterName = Name;

    public const string EventIdAttribute = "ticketbooking.event.id";
    public const string ReservationIdAttribute = "ticketbooking.reservation.id";

    /// <summary>The activity source of the application's own spans (search queries, the ready check).</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName, typeof(TicketBookingTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Marks the current span (the HTTP request's, or a Durable Task orchestration's or activity's) with the event and the
    /// reservation it works on. Does nothing when nothing listens.
    /// </summary>
    public static void Tag(string? eventId, string? reservationId = null)
    {
        if (Activity.Current is not { } activity || !activity.IsAllDataRequested)
        {
            return;
        }

        if (eventId is not null)
        {
            activity.SetTag(EventIdAttribute, eventId);
        }

        if (reservationId is not null)
        {
            activity.SetTag(ReservationIdAttribute, reservationId);
        }
    }
}
