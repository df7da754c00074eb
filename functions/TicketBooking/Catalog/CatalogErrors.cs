namespace TicketBooking.Catalog;

/// <summary>The failures that several catalog use cases (and those that depend on an event) answer with.</summary>
public static class CatalogErrors
{
    public static DomainException Cancelled(string eventId) =>
        new(ErrorKind.EventCancelled, "The event was cancelled.",
            $"Event '{eventId}' was cancelled by its organizer: nothing is on sale and every booking is refunded.",
            new Dictionary<string, object?> { ["eventId"] = eventId });
}
