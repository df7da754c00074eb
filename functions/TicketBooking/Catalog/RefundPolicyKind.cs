namespace TicketBooking.Catalog;

/// <summary>Whether an event's bookings can be refunded by their owners.</summary>
public enum RefundPolicyKind
{
    /// <summary>No refunds (the organizer still refunds everyone by cancelling the event).</summary>
    None,

    /// <summary>Refundable until <see cref="RefundPolicy.HoursBeforeStart"/> hours before the event starts.</summary>
    BeforeStart,
}
