using System.Net;
using Stripe;

namespace TicketBooking.Payments;

/// <summary>Metadata keys this service writes on every PaymentIntent (the webhook reads them back).</summary>
public static class StripeMetadata
{
    public const string ReservationId = "reservationId";
}
