namespace TicketBooking.Booking;

/// <summary>202 from confirm: the customer must authenticate the payment (3-D Secure) with the client secret; the outcome arrives by webhook.</summary>
public sealed record PaymentActionView(string ReservationId, string Status, string PaymentId, string ClientSecret, DateTimeOffset ExpiresAt);
