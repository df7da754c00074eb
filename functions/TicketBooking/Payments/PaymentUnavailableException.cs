using TicketBooking.Http;

namespace TicketBooking.Payments;

/// <summary>
/// The payment provider could not be reached or answered with a server error, so the outcome of the call is not
/// known. Nothing is lost: retrying with the same idempotency key is safe and never charges twice. Unhandled, it
/// becomes a 503 problem.
/// </summary>
public sealed class PaymentUnavailableException(string detail, Exception? innerException = null)
    : DomainException(
        ErrorKind.PaymentUnavailable,
        "The payment provider is unavailable.",
        detail)
{
    /// <summary>The provider's error (network failure, timeout, 5xx), for logs only; never shown to clients.</summary>
    public Exception? ProviderException { get; } = innerException;
}
