namespace TicketBooking.Inventory;

public sealed record HoldResult(bool Succeeded, IReadOnlyList<Ticket> Tickets, IReadOnlyList<string> UnavailableTicketIds, IReadOnlyList<string> UnknownTicketIds)
{
    public static HoldResult Held(IReadOnlyList<Ticket> tickets) => new(true, tickets, [], []);
}
