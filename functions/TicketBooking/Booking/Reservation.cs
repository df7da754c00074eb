using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.Booking;

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

    /// <summary>The status a reader sees: a hold past its time reads as expired even before its expiry is written.</summary>
    public ReservationStatus StatusAt(DateTimeOffset now) =>
        Status == ReservationStatus.Held && now >= ExpiresAt ? ReservationStatus.Expired : Status;

    /// <summary>Whether the reservation still counts against the user's ticket limit.</summary>
    public bool CountsAt(DateTimeOffset now) => StatusAt(now) is ReservationStatus.Held or ReservationStatus.Confirming or ReservationStatus.Confirmed;

    /// <summary>True for a reservation whose tickets cost nothing: it is booked without a payment.</summary>
    public bool IsFree => Total == 0;

    public Reservation With(ReservationStatus status, DateTimeOffset at, string reason) =>
        this with { Status = status, History = [.. History, new ReservationChange(status, at, reason)] };

    // ------------------------------------------------------------------ transitions
    // Each returns the next state, or null when the change does not apply to this state (the caller then reads why
    // from the current state). Callers store the result with an ETag-guarded replace.

    /// <summary>Held (and not yet lapsed) to cancelled, by the customer.</summary>
    public Reservation? Cancel(DateTimeOffset now, string reason) =>
        StatusAt(now) == ReservationStatus.Held ? With(ReservationStatus.Cancelled, now, reason) : null;

    /// <summary>Held to cancelled whatever the time: undoes a reservation that cannot go on (over the per-user limit).</summary>
    public Reservation? Abandon(DateTimeOffset now, string reason) =>
        Status == ReservationStatus.Held ? With(ReservationStatus.Cancelled, now, reason) : null;

    /// <summary>Held past its time to expired.</summary>
    public Reservation? Expire(DateTimeOffset now) =>
        Status == ReservationStatus.Held && now >= ExpiresAt ? With(ReservationStatus.Expired, now, "The hold lapsed before payment") : null;

    /// <summary>
    /// Held (and not yet lapsed) to confirming: a new payment attempt with <paramref name="paymentMethodId"/> (null for a
    /// free reservation), the seats kept until <paramref name="graceUntil"/>.
    /// </summary>
    public Reservation? StartPayment(DateTimeOffset now, string? paymentMethodId, DateTimeOffset graceUntil) =>
        StatusAt(now) != ReservationStatus.Held
            ? null
            : With(ReservationStatus.Confirming, now, IsFree ? "Booking free tickets" : $"Payment attempt {Payment.Attempt + 1} started") with
            {
                Payment = Payment with
                {
                    Attempt = Payment.Attempt + 1, PaymentMethodId = paymentMethodId, GraceUntil = graceUntil, PendingPaymentId = null, PaidPaymentId = null,
                },
            };

    /// <summary>Attempt <paramref name="attempt"/> waits for the customer (3-D Secure): its payment is recorded as pending.</summary>
    public Reservation? AwaitCustomer(int attempt, string? paymentId, DateTimeOffset now) =>
        Status == ReservationStatus.Confirming && Payment.Attempt == attempt
            ? With(ReservationStatus.Confirming, now, "Waiting for the customer to authenticate the payment") with
            {
                Payment = Payment with { PendingPaymentId = paymentId, PaymentIds = WithId(Payment.PaymentIds, paymentId) },
            }
            : null;

    /// <summary>Confirming to paid: from then on only booking (or, if a seat was lost, a refund) can end the reservation.</summary>
    public Reservation? RecordPaid(string paymentId) =>
        Status == ReservationStatus.Confirming && Payment.PaidPaymentId is null
            ? this with { Payment = Payment with { PaidPaymentId = paymentId, PendingPaymentId = null, PaymentIds = WithId(Payment.PaymentIds, paymentId) } }
            : null;

    /// <summary>Confirming to confirmed: the seats are booked (<paramref name="paymentId"/> null for free tickets).</summary>
    public Reservation? Book(string? paymentId, DateTimeOffset now) =>
        Status == ReservationStatus.Confirming
            ? With(ReservationStatus.Confirmed, now, paymentId is null ? "Free tickets booked" : $"Paid ({paymentId}) and booked") with
            {
                BookingId = DerivedBookingId, ConfirmedAt = now, Payment = Payment with { GraceUntil = null },
            }
            : null;

    /// <summary>Confirming to expired after a seat was lost while paying; <paramref name="refundId"/> names the refund of the payment.</summary>
    public Reservation? LoseSeats(DateTimeOffset now, string reason, string? refundId) =>
        Status == ReservationStatus.Confirming
            ? With(ReservationStatus.Expired, now, reason) with { Payment = Payment with { RefundId = refundId, GraceUntil = null } }
            : null;

    /// <summary>
    /// Attempt <paramref name="attempt"/> ended without money (failed, or the seats were gone before it started): back to
    /// held while the hold lasts, expired after it (or at once when <paramref name="releaseSeats"/>: the seats are gone or the time is up).
    /// </summary>
    public Reservation? FailPayment(int attempt, DateTimeOffset now, string reason, string? paymentId = null, bool releaseSeats = false) =>
        EndAttempt(attempt, releaseSeats || now >= ExpiresAt ? ReservationStatus.Expired : ReservationStatus.Held, now, reason, paymentId, Payment.Declines);

    /// <summary>
    /// Attempt <paramref name="attempt"/> was declined. Counted: at the <paramref name="maxDeclines"/>th decline the
    /// reservation is cancelled (card testing); before that it is held again while the hold lasts, expired after.
    /// </summary>
    public Reservation? DeclinePayment(int attempt, DateTimeOffset now, string reason, string? paymentId, int maxDeclines)
    {
        var declines = Payment.Declines + 1;
        var to = declines >= maxDeclines ? ReservationStatus.Cancelled
            : now < ExpiresAt ? ReservationStatus.Held : ReservationStatus.Expired;
        return EndAttempt(attempt, to, now, to == ReservationStatus.Cancelled ? $"{reason}; cancelled after {declines} declined payments" : reason,
            paymentId, declines);
    }

    /// <summary>The booking's payment was refunded at the provider (once; a repeated report changes nothing).</summary>
    public Reservation? MarkRefunded(string paymentId, DateTimeOffset at) =>
        Payment.PaidPaymentId == paymentId && Payment.RefundedAt is null ? this with { Payment = Payment with { RefundedAt = at } } : null;

    /// <summary>The booking was refunded here (its owner's request or a cancelled event; free tickets too): shown on the reservation once.</summary>
    public Reservation? MarkBookingRefunded(DateTimeOffset at) =>
        Status == ReservationStatus.Confirmed && Payment.RefundedAt is null ? this with { Payment = Payment with { RefundedAt = at } } : null;

    /// <summary>The booking's payment is disputed (once; a repeated report changes nothing).</summary>
    public Reservation? MarkDisputed(string paymentId, DateTimeOffset at) =>
        Payment.PaidPaymentId == paymentId && Payment.DisputedAt is null ? this with { Payment = Payment with { DisputedAt = at } } : null;

    private Reservation? EndAttempt(int attempt, ReservationStatus to, DateTimeOffset now, string reason, string? paymentId, int declines) =>
        Status == ReservationStatus.Confirming && Payment.PaidPaymentId is null && Payment.Attempt == attempt
            ? With(to, now, reason) with
            {
                Payment = Payment with { GraceUntil = null, PendingPaymentId = null, PaymentIds = WithId(Payment.PaymentIds, paymentId), Declines = declines },
            }
            : null;

    private static IReadOnlyList<string> WithId(IReadOnlyList<string> ids, string? id) =>
        id is null || ids.Contains(id) ? ids : [.. ids, id];

    /// <summary>The booking id of a confirmed reservation (derived, so storing the booking twice stores it once).</summary>
    public string DerivedBookingId => "bkg-" + Id[IdPrefix.Length..];

    public static string NewId() => IdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexLength / 2));

    /// <summary>The id of the reservation made by <paramref name="userId"/> with an Idempotency-Key: the same key gives the same reservation.</summary>
    public static string IdFor(string userId, string idempotencyKey) =>
        IdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{idempotencyKey}")))[..IdHexLength];

    public static bool IsWellFormedId(string? id) =>
        id is { Length: 28 } && id.StartsWith(IdPrefix, StringComparison.Ordinal) && id[IdPrefix.Length..].All(char.IsAsciiHexDigitLower);
}
