namespace TicketBooking.Booking;

/// <summary><c>GET /api/bookings</c>: newest first; pass <see cref="Next"/> as <c>?cursor=</c> for the next page.</summary>
public sealed record ReservationListView(IReadOnlyList<ReservationView> Items, string? Next);
