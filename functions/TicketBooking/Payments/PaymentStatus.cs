namespace TicketBooking.Payments;

/// <summary>How a charge attempt ended.</summary>
public enum PaymentStatus
{
    /// <summary>Money taken.</summary>
    Succeeded,

    /// <summary>The card was declined; the customer may try another.</summary>
    Declined,

    /// <summary>
    /// The customer must act (3-D Secure; <see cref="PaymentResult.ClientSecret"/> lets the browser do it), or the
    /// payment is still processing; the outcome arrives later as a <see cref="PaymentNotification"/> (webhook).
    /// </summary>
    RequiresAction,

    /// <summary>The attempt failed for a reason other than a decline (invalid method id, provider error).</summary>
    Failed,
}
