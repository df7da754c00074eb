namespace TicketBooking.Inventory;

/// <summary>Live counts of one section.</summary>
public sealed record SectionAvailability(string Section, int Capacity, int Available, int Held, int Booked);
