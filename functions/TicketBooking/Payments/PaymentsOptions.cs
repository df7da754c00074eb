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

    /// <summary>
    /// The simulator's first N refund requests of each payment fail as if the provider were unreachable (a 503: the
    /// outcome unknown, safe to retry with the same key), to try refund retries locally. 0 (the default): none.
    /// </summary>
    [LocalOnly]
    [Range(0, 100)]
    public int SimulatedRefundOutages { get; set; }
}
