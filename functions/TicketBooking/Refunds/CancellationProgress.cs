namespace TicketBooking.Refunds;

/// <summary>
/// How far the refunds of a cancelled event have come (<c>GET /api/admin/events/{eventId}/cancellation</c>):
/// <see cref="Total"/> bookings to refund, of which <see cref="Refunded"/> are refunded and <see cref="Failed"/> failed
/// after every retry (the first <see cref="MaxListedFailures"/> listed with their reasons).
/// </summary>
public sealed record CancellationProgress(
    string EventId,
    CancellationState State,
    int Total,
    int Refunded,
    int Failed,
    IReadOnlyList<RefundFailure> Failures,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt = null)
{
    public const int MaxListedFailures = 100;
}
