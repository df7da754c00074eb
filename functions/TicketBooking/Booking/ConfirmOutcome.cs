namespace TicketBooking.Booking;

/// <summary>What a confirm call ended in: confirmed, or waiting for the customer (3-D Secure).</summary>
public sealed record ConfirmOutcome(Reservation Reservation, string? ClientSecret = null, string? PaymentId = null)
{
    public bool RequiresAction => ClientSecret is not null;
}
