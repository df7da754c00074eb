namespace TicketBooking.Catalog;

/// <summary>
/// An event's lifecycle: <see cref="Creating"/> while its tickets are being written (visible, not on sale),
/// <see cref="Scheduled"/> once every ticket exists (on sale until it starts), <see cref="Cancelled"/>.
/// </summary>
public enum EventStatus
{
    Scheduled,
    Cancelled,
    Creating,
}

public sealed record Venue(string Name, string City, string Address);

public sealed record SectionLayout(string Name, int Rows, int SeatsPerRow, decimal Price, string Currency)
{
    public int Capacity => Rows * SeatsPerRow;
}

/// <summary>An event as stored: a performance at a venue on a date, with its seating layout.</summary>
public sealed record EventRecord(
    string Id,
    string Name,
    IReadOnlyList<string> Performers,
    string Category,
    string Description,
    Venue Venue,
    DateTimeOffset StartsAt,
    IReadOnlyList<SectionLayout> Sections,
    EventStatus Status,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long Version = 1)
{
    public int Capacity => Sections.Sum(s => s.Capacity);

    /// <summary>When the event stops selling: its start, or already when it is cancelled.</summary>
    public DateTimeOffset OverAt => Status == EventStatus.Cancelled ? DateTimeOffset.MinValue : StartsAt;

    public SectionLayout? FindSection(string name) =>
        Sections.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
