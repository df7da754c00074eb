using TicketBooking.Booking;

namespace TicketBooking.Refunds;

/// <summary>A booking as its owner sees it (what <c>DELETE /api/bookings/{bookingId}</c> answers).</summary>
public sealed record BookingView(
    string BookingId,
    string ReservationId,
    string EventId,
    BookingStatus Status,
    IReadOnlyList<ReservedTicketView> Tickets,
    decimal Total,
    string Currency,
    DateTimeOffset BookedAt,
    DateTimeOffset? RefundRequestedAt,
    DateTimeOffset? RefundedAt,
    string? RefundId,
    string? RefundFailure)
{
    public static BookingView From(BookingRecord b) =>
        new(b.Id, b.ReservationId, b.EventId, b.Status, b.Tickets.Select(t => new ReservedTicketView(t.TicketId, t.Section, t.Row, t.Seat, t.Price)).ToArray(),
            b.Total, b.Currency, b.BookedAt, b.Refund?.RequestedAt, b.Refund?.CompletedAt, b.Refund?.RefundId, b.Refund?.Failure);
}
