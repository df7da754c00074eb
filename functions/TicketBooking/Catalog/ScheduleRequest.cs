namespace TicketBooking.Catalog;

/// <summary>The body of <c>PUT /api/admin/events/{eventId}/schedule</c>: the event's new start.</summary>
public sealed class ScheduleRequest
{
    public DateTimeOffset? StartsAt { get; init; }
}
