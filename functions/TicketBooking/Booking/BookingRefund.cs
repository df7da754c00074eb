namespace TicketBooking.Booking;

/// <summary>
/// The refund of a booking: asked for at <see cref="RequestedAt"/> (by its owner, or because the event was cancelled:
/// <see cref="Reason"/>), the money back as <see cref="RefundId"/> (null for free tickets and when the provider reports
/// an earlier refund), done at <see cref="CompletedAt"/>. <see cref="Failure"/> says why the last attempt failed.
/// </summary>
public sealed record BookingRefund(
    DateTimeOffset RequestedAt,
    string Reason,
    string? RefundId = null,
    DateTimeOffset? CompletedAt = null,
    string? Failure = null);
