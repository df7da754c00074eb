namespace TicketBooking.Live;

/// <summary>One section's counts in a live event.</summary>
public sealed record LiveSection(string Name, int Available, int Held, int Booked);
