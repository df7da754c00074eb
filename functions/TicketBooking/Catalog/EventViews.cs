using TicketBooking.Inventory;

namespace TicketBooking.Catalog;

public sealed record SectionView(string Name, int Rows, int SeatsPerRow, decimal Price, string Currency, int Capacity, int Available, int Held, int Booked);

/// <summary>What <c>GET /api/event/{eventId}</c> answers: the event and a bounded per-section summary.</summary>
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
    IReadOnlyList<SectionView> Sections)
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
            record.StartsAt, record.Status, record.Capacity, sections.Sum(s => s.Available), sections);
    }
}

public sealed record TicketView(string TicketId, int Row, int Seat, decimal Price, string Currency, TicketStatus Status);

/// <summary>What <c>GET /api/event/{eventId}/tickets?section=</c> answers.</summary>
public sealed record SectionTicketsView(string EventId, string Section, int Available, IReadOnlyList<TicketView> Tickets)
{
    public static SectionTicketsView From(string eventId, string section, SectionTickets listing)
    {
        var tickets = new TicketView[listing.Tickets.Count];
        for (var i = 0; i < tickets.Length; i++)
        {
            var t = listing.Tickets[i];
            tickets[i] = new TicketView(t.TicketId, t.Row, t.Seat, t.Price, t.Currency, t.StatusAt(listing.At));
        }

        return new SectionTicketsView(eventId, section, listing.Available, tickets);
    }
}
