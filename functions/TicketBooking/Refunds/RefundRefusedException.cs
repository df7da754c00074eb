namespace TicketBooking.Refunds;

/// <summary>The payment provider answered that it will not refund (as opposed to not answering): retrying the same request does not help.</summary>
public sealed class RefundRefusedException(string message) : Exception(message);
