using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Booking;

public enum ReservationStatus
{
    /// <summary>The seats are held until <see cref="Reservation.ExpiresAt"/>; the customer may pay.</summary>
    Held,

    /// <summary>A payment attempt is under way; the seats are held until the payment grace ends.</summary>
    Confirming,

    /// <summary>Paid and booked (final).</summary>
    Confirmed,

    /// <summary>The hold lapsed before payment (final).</summary>
    Expired,

    /// <summary>The customer gave the seats back (final).</summary>
    Cancelled,
}

/// <summary>One seat of a reservation, with the price it was held at.</summary>
public sealed record ReservedTicket(string TicketId, string Section, int Row, int Seat, decimal Price);

/// <summary>One state change, kept on the reservation for the customer and for support.</summary>
public sealed record ReservationChange(ReservationStatus Status, DateTimeOffset At, string Reason);

/// <summary>
/// The payment side of a reservation. <see cref="Attempt"/> grows by one each time the reservation moves from held to
/// confirming, and the charge's idempotency key is derived from it: a retry of one attempt can never charge twice, and
/// only one attempt can be under way at a time (the move is an ETag-guarded write).
/// </summary>
/// <param name="GraceUntil">While confirming: until when the seats stay held for this attempt.</param>
/// <param name="PaymentIds">Every payment created for the reservation, oldest first.</param>
/// <param name="PendingPaymentId">While confirming: the payment waiting for the customer (3-D Secure).</param>
/// <param name="PaidPaymentId">While confirming or confirmed: the payment that took the money. Once set, only booking
/// (or, if a seat was lost, a refund) can end the reservation.</param>
/// <param name="RefundId">Set when the money was given back because the seats were lost.</param>
public sealed record ReservationPayment(
    int Attempt,
    string? PaymentMethodId,
    DateTimeOffset? GraceUntil,
    IReadOnlyList<string> PaymentIds,
    string? PendingPaymentId = null,
    string? PaidPaymentId = null,
    string? RefundId = null)
{
    public static ReservationPayment None { get; } = new(0, null, null, []);

    public string ChargeKey(string reservationId) => $"{reservationId}-charge-{Attempt}";

    public string RefundKey(string reservationId, string paymentId) => $"{reservationId}-refund-{paymentId}";
}

/// <summary>
/// One user's hold on one or more tickets of one event, as stored (one document, partitioned by user). Every change of
/// <see cref="Status"/> is a conditional write on the document's ETag.
/// </summary>
public sealed record Reservation(
    string Id,
    string UserId,
    string EventId,
    IReadOnlyList<ReservedTicket> Tickets,
    decimal Total,
    string Currency,
    ReservationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    ReservationPayment Payment,
    IReadOnlyList<ReservationChange> History,
    string? RequestHash = null,
    string? BookingId = null,
    DateTimeOffset? ConfirmedAt = null)
{
    public const string IdPrefix = "res-";
    private const int IdHexLength = 24;

    public IReadOnlyList<string> TicketIds => Tickets.Select(t => t.TicketId).ToArray();

    public bool IsFinal => Status is ReservationStatus.Confirmed or ReservationStatus.Expired or ReservationStatus.Cancelled;

    /// <summary>The status a reader sees: a hold past its time reads as expired even before the orchestration marks it.</summary>
    public ReservationStatus StatusAt(DateTimeOffset now) =>
        Status == ReservationStatus.Held && now >= ExpiresAt ? ReservationStatus.Expired : Status;

    /// <summary>Whether the reservation still counts against the user's ticket limit.</summary>
    public bool CountsAt(DateTimeOffset now) => StatusAt(now) is ReservationStatus.Held or ReservationStatus.Confirming or ReservationStatus.Confirmed;

    public Reservation With(ReservationStatus status, DateTimeOffset at, string reason) =>
        this with { Status = status, History = [.. History, new ReservationChange(status, at, reason)] };

    /// <summary>The booking id of a confirmed reservation (derived, so storing the booking twice stores it once).</summary>
    public string DerivedBookingId => "bkg-" + Id[IdPrefix.Length..];

    public static string NewId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexLength / 2));

    /// <summary>The id of the reservation made by <paramref name="userId"/> with an Idempotency-Key: the same key gives the same reservation.</summary>
    public static string IdFor(string userId, string idempotencyKey) =>
        IdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{idempotencyKey}")))[..IdHexLength];

    public static bool IsWellFormedId(string? id) =>
        id is { Length: 28 } && id.StartsWith(IdPrefix, StringComparison.Ordinal) && id[IdPrefix.Length..].All(char.IsAsciiHexDigitLower);
}

/// <summary>A reservation with the ETag of the stored version it was read from.</summary>
public sealed record StoredReservation(Reservation Reservation, string ETag);

/// <summary>One page of a user's reservations, newest first; <see cref="Next"/> continues after the last one.</summary>
public sealed record ReservationPage(IReadOnlyList<Reservation> Items, string? Next);
