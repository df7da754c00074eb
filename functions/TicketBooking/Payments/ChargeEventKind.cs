namespace TicketBooking.Payments;

/// <summary>What the provider reports about a payment after it succeeded.</summary>
public enum ChargeEventKind
{
    /// <summary>The payment was refunded in full (<c>charge.refunded</c>).</summary>
    Refunded,

    /// <summary>The customer's bank opened a dispute (<c>charge.dispute.created</c>).</summary>
    Disputed,
}
