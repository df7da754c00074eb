using TicketBooking.WaitingRoom;

namespace TicketBooking.Catalog;

/// <summary>An event as stored: a performance at a venue on a date, with its seating layout and its refund policy.</summary>
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
    long Version = 1,
    WaitingRoomSettings? WaitingRoom = null,
    RefundPolicy? RefundPolicy = null)
{
    /// <summary>The refund policy in force (events stored before policies existed have none).</summary>
    public RefundPolicy Refunds => RefundPolicy ?? RefundPolicy.NoRefunds;

    public int Capacity => Sections.Sum(s => s.Capacity);

    /// <summary>When the event stops selling: its start, or already when it is cancelled.</summary>
    public DateTimeOffset OverAt => Status == EventStatus.Cancelled ? DateTimeOffset.MinValue : StartsAt;

    public SectionLayout? FindSection(string name) =>
        Sections.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
