namespace TicketBooking.Booking;

/// <summary>
/// A reservation as its owner sees it (reserve, confirm, GET and the list all answer with it). A booking's payment
/// refunded or disputed at the provider shows as <see cref="RefundedAt"/> / <see cref="DisputedAt"/>.
/// </summary>
public sealed record ReservationView(
    string ReservationId,
    ReservationStatus Status,
    string EventId,
    IReadOnlyList<ReservedTicketView> Tickets,
    decimal Total,
    string Currency,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? BookingId,
    DateTimeOffset? ConfirmedAt,
    IReadOnlyList<ReservationChangeView>? History,
    DateTimeOffset? RefundedAt = null,
    DateTimeOffset? DisputedAt = null)
{
    public static ReservationView From(Reservation r, DateTimeOffset now, bool withHistory = true) =>
        new(r.Id, r.StatusAt(now), r.EventId, r.Tickets.Select(t => new ReservedTicketView(t.TicketId, t.Section, t.Row, t.Seat, t.Price)).ToArray(),
            r.Total, r.Currency, r.CreatedAt, r.ExpiresAt, r.BookingId, r.ConfirmedAt,
            withHistory ? r.History.Select(h => new ReservationChangeView(h.Status, h.At, h.Reason)).ToArray() : null,
            r.Payment.RefundedAt, r.Payment.DisputedAt);
}
