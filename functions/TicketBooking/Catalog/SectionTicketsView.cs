using TicketBooking.Inventory;

namespace TicketBooking.Catalog;

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
