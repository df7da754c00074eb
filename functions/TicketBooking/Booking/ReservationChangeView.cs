namespace TicketBooking.Booking;

public sealed record ReservationChangeView(ReservationStatus Status, DateTimeOffset At, string Reason);
