using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>The result of one step: the reservation ended (<see cref="Outcome"/>), or wait until <see cref="Until"/> and look again.</summary>
public sealed record ReservationStep(ReservationOutcome? Outcome, DateTimeOffset? Until)
{
    public static ReservationStep Done(ReservationOutcome outcome) => new(outcome, null);

    public static ReservationStep WaitUntil(DateTimeOffset until) => new(null, until);

    /// <summary>The step a reservation's state calls for: its outcome once final, otherwise the time to look again.</summary>
    public static ReservationStep For(Reservation r) => r.Status switch
    {
        ReservationStatus.Confirmed => Done(ReservationOutcome.Confirmed),
        ReservationStatus.Cancelled => Done(ReservationOutcome.Cancelled),
        ReservationStatus.Expired => Done(r.Payment.RefundId is null ? ReservationOutcome.Expired : ReservationOutcome.Refunded),
        ReservationStatus.Confirming => WaitUntil(r.Payment.GraceUntil ?? r.ExpiresAt),
        _ => WaitUntil(r.ExpiresAt),
    };
}
