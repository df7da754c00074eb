using TicketBooking.Payments;

namespace TicketBooking.Tests.Support;

/// <summary>
/// A payment gateway in front of another that runs <see cref="BeforeCharge"/> first: a test can hold a charge
/// "in flight" (while a hold expires), make it slow, or make the provider unreachable.
/// </summary>
public sealed class GatedPaymentGateway(IPaymentGateway inner) : IPaymentGateway
{
    public Func<PaymentRequest, CancellationToken, Task>? BeforeCharge { get; set; }

    public async Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        if (BeforeCharge is { } gate)
        {
            await gate(request, cancellationToken);
        }

        return await inner.ChargeAsync(request, cancellationToken);
    }

    public bool ShowsDeclineCodes => inner.ShowsDeclineCodes;

    public Task<string?> FindReservationIdAsync(string paymentId, CancellationToken cancellationToken = default) =>
        inner.FindReservationIdAsync(paymentId, cancellationToken);

    public Task<RefundResult> RefundAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        inner.RefundAsync(paymentId, idempotencyKey, cancellationToken);
}
