using TicketBooking.Inventory;

namespace TicketBooking.Catalog;

public sealed record SectionView(string Name, int Rows, int SeatsPerRow, decimal Price, string Currency, int Capacity, int Available, int Held, int Booked);
