using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Payments;

/// <summary>
/// Payment settings (section <c>Payments</c>). <see cref="Provider"/> has no default: the local host's embedded
/// defaults name the simulator; Azure sets <c>Stripe</c>.
/// </summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    public PaymentProvider? Provider { get; set; }
}
