using System.ComponentModel.DataAnnotations;

namespace TicketBooking.Refunds;

/// <summary>Refunds and cancelled events (section <c>Refunds</c>).</summary>
public sealed class RefundOptions
{
    public const string Section = "Refunds";

    /// <summary>
    /// Tries at one booking's refund before it is reported failed (the provider unreachable, a store busy): within one
    /// activity for an owner's refund; for a cancelled event, one per round of its orchestration, durable timers between.
    /// </summary>
    [Range(1, 10)]
    public int Attempts { get; set; } = 4;

    /// <summary>The wait before the second try; each further wait doubles it (for a cancelled event, at most 5 minutes).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bookings refunded by one activity of a cancelled event's orchestration (refunded a few at a time inside it).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Batches of a cancelled event refunded at the same time.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    /// <summary>How long <c>DELETE /api/bookings/{bookingId}</c> waits for the refund before it answers 202 (refunding).</summary>
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromSeconds(10);

    internal static bool IsValid(RefundOptions o) =>
        o.RetryDelay >= TimeSpan.Zero && o.RetryDelay <= TimeSpan.FromMinutes(1)
        && o.AnswerWithin >= TimeSpan.Zero && o.AnswerWithin <= TimeSpan.FromMinutes(1);
}
