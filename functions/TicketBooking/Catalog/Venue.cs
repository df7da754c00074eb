namespace TicketBooking.Catalog;

public sealed record Venue(string Name, string City, string Address);
