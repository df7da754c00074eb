using TicketBooking.Inventory;

namespace TicketBooking.Catalog;

/// <summary>
/// What <c>GET /api/event/{eventId}</c> answers: the event, a bounded per-section summary, and its refund policy with the
/// deadline it gives (<see cref="RefundableUntil"/>, null when bookings cannot be refunded by their owners).
/// </summary>
public sealed record EventView(
    string EventId,
    string Name,
    IReadOnlyList<string> Performers,
    string Category,
    string Description,
    Venue Venue,
    DateTimeOffset StartsAt,
    EventStatus Status,
    int Capacity,
    int Available,
    IReadOnlyList<SectionView> Sections,
    RefundPolicy RefundPolicy,
    DateTimeOffset? RefundableUntil)
{
    public static EventView From(EventRecord record, AvailabilitySnapshot availability)
    {
        var counts = availability.Sections.ToDictionary(s => s.Section, StringComparer.Ordinal);
        var sections = record.Sections.Select(s =>
        {
            var c = counts.GetValueOrDefault(s.Name) ?? new SectionAvailability(s.Name, s.Capacity, 0, 0, 0);
            return new SectionView(s.Name, s.Rows, s.SeatsPerRow, s.Price, s.Currency, s.Capacity, c.Available, c.Held, c.Booked);
        }).ToArray();
        return new EventView(record.Id, record.Name, record.Performers, record.Category, record.Description, record.Venue,
            record.StartsAt, record.Status, record.Capacity, sections.Sum(s => s.Available), sections, record.Refunds,
            record.Status == EventStatus.Cancelled ? null : record.Refunds.RefundableUntil(record.StartsAt));
    }
}
