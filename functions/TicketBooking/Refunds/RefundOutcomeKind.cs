namespace TicketBooking.Refunds;

/// <summary>What happened to one booking when it was to be refunded.</summary>
public enum RefundOutcomeKind
{
    /// <summary>Refunded by this call: the money back (none for free tickets), the seats returned, the booking refunded.</summary>
    Refunded,

    /// <summary>It had been refunded before (a retry, the owner's own refund): nothing more was done.</summary>
    AlreadyRefunded,

    /// <summary>An index entry whose reservation never booked (its seats were lost, or the event was cancelled first): nothing to refund.</summary>
    NotBooked,

    /// <summary>Its reservation is still being paid for: the booking decides itself within the payment grace; ask again later.</summary>
    Pending,

    /// <summary>Failed after every retry; <see cref="BookingRefundOutcome.Reason"/> says why.</summary>
    Failed,
}
