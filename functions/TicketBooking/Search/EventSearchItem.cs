using TicketBooking.Catalog;

namespace TicketBooking.Search;

/// <summary>One result of a search, as the API returns it; a cancelled event is found too, with <see cref="Status"/> <c>cancelled</c>.</summary>
public sealed record EventSearchItem(
    string EventId,
    string Name,
    IReadOnlyList<string> Performers,
    string Venue,
    string City,
    DateTimeOffset StartsAt,
    string Category,
    decimal MinPrice,
    string Currency,
    int Available,
    EventStatus Status = EventStatus.Scheduled);
