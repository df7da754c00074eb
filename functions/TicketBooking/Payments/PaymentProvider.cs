using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Payments;

/// <summary>Which payment provider charges customers.</summary>
public enum PaymentProvider
{
    /// <summary>The in-process simulator (<see cref="SimulatedPaymentGateway"/>): Stripe's test payment method ids, no network.</summary>
    [LocalOnly]
    Simulator,

    /// <summary>Stripe PaymentIntents (<see cref="StripePaymentGateway"/>); needs <see cref="StripeOptions"/>.</summary>
    Stripe,
}
