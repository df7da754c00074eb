using System.ComponentModel.DataAnnotations;

namespace TicketBooking.Booking;

/// <summary>Booking rules (section <c>Booking</c>).</summary>
public sealed class BookingOptions
{
    public const string Section = "Booking";

    /// <summary>How long a reservation holds its seats before they are released.</summary>
    public TimeSpan HoldDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most tickets one user may hold or have booked for one event.</summary>
    [Range(1, 100)]
    public int MaxTicketsPerUser { get; set; } = 8;

    /// <summary>
    /// How long the seats stay held for a payment that is under way (a confirm that started before the hold lapsed,
    /// or a 3-D Secure challenge): a payment may take until this much after the confirm started. When the hold ends
    /// sooner, the seats' hold is extended to then before charging.
    /// </summary>
    public TimeSpan PaymentGrace { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// How many declined payment attempts a reservation allows (a defence against card testing): at the last one it is
    /// cancelled and its seats released.
    /// </summary>
    [Range(1, 20)]
    public int MaxDeclinedAttempts { get; set; } = 5;

    /// <summary>The shortest hold and grace allowed: tests and benchmarks use holds well under a second.</summary>
    internal static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(100);

    internal static bool IsValid(BookingOptions o) =>
        o.HoldDuration >= Shortest && o.HoldDuration <= TimeSpan.FromHours(1)
        && o.PaymentGrace >= Shortest && o.PaymentGrace <= TimeSpan.FromHours(1);
}
