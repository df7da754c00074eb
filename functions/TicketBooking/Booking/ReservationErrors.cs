namespace TicketBooking.Booking;

/// <summary>The failures that several booking use cases answer with.</summary>
public static class ReservationErrors
{
    public static DomainException NotFound(string reservationId) =>
        new(ErrorKind.ReservationNotFound, "Reservation not found.",
            $"You have no reservation with id '{(reservationId.Length <= 40 ? reservationId : reservationId[..40] + "…")}'.");

    public static DomainException Expired(string reservationId, string? detail = null) =>
        new(ErrorKind.ReservationExpired, "The reservation has expired.",
            detail ?? $"The hold of reservation {reservationId} lapsed and its seats were released. Nothing was charged; reserve again.",
            new Dictionary<string, object?> { ["reservationId"] = reservationId });

    public static DomainException Cancelled(string reservationId) =>
        new(ErrorKind.ReservationCancelled, "The reservation was cancelled.",
            $"Reservation {reservationId} was cancelled and its seats released. Nothing was charged; reserve again.",
            new Dictionary<string, object?> { ["reservationId"] = reservationId });

    public static DomainException PaymentInProgress(string reservationId) =>
        new(ErrorKind.PaymentInProgress, "A payment for this reservation is under way.",
            $"Reservation {reservationId} is being paid for. Nothing more will be charged; check its status with GET /api/booking/{reservationId}.",
            new Dictionary<string, object?> { ["reservationId"] = reservationId });
}
