using TicketBooking.Catalog;

namespace TicketBooking.Search;

/// <summary>What the index holds of one event: the searchable text, the filter and facet values, and the result fields.</summary>
public sealed record EventSearchEntry(
    string EventId,
    string Name,
    IReadOnlyList<string> Performers,
    string Venue,
    string City,
    string Description,
    string Category,
    DateTimeOffset StartsAt,
    decimal MinPrice,
    string Currency,
    int Capacity,
    int Available,
    EventStatus Status = EventStatus.Scheduled)
{
    /// <summary>The entry of a scheduled (or cancelled) event, with its current number of available seats (none when cancelled).</summary>
    public static EventSearchEntry From(EventRecord record, int available) =>
        new(record.Id, record.Name, record.Performers, record.Venue.Name, record.Venue.City, record.Description, record.Category,
            record.StartsAt, record.Sections.Count == 0 ? 0 : record.Sections.Min(s => s.Price),
            record.Sections.FirstOrDefault()?.Currency ?? "", record.Capacity, record.Status == EventStatus.Cancelled ? 0 : available, record.Status);

    /// <summary>The text of a searchable field (<see cref="SearchRanking.Fields"/>).</summary>
    public string TextOf(string field) => field switch
    {
        SearchRanking.NameField => Name,
        SearchRanking.PerformersField => string.Join(" | ", Performers),
        SearchRanking.VenueField => Venue,
        SearchRanking.DescriptionField => Description,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a searchable field."),
    };

    public EventSearchItem ToItem() => new(EventId, Name, Performers, Venue, City, StartsAt, Category, MinPrice, Currency, Available, Status);
}
