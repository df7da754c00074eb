using System.Security.Cryptography;

namespace TicketBooking.Payments;

/// <summary>A refund in the simulator's ledger (always in full).</summary>
public sealed record SimulatedRefund(
    string RefundId,
    string PaymentId,
    string ReservationId,
    long AmountMinorUnits,
    string Currency,
    string IdempotencyKey,
    DateTimeOffset CreatedAt);
