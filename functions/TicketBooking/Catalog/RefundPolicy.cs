using System.Globalization;

namespace TicketBooking.Catalog;

/// <summary>
/// An event's refund policy, set by its organizer: <see cref="RefundPolicyKind.None"/>, or refundable by the booking's
/// owner until <see cref="HoursBeforeStart"/> hours before the start. Judged against the event's current start, so a
/// rescheduled event moves the deadline with it.
/// </summary>
public sealed record RefundPolicy(RefundPolicyKind Kind, int HoursBeforeStart = 0)
{
    /// <summary>The longest notice a policy may ask for (a year).</summary>
    public const int MaxHoursBeforeStart = 24 * 366;

    public static readonly RefundPolicy NoRefunds = new(RefundPolicyKind.None);

    /// <summary>Until when a booking may be refunded; null when never.</summary>
    public DateTimeOffset? RefundableUntil(DateTimeOffset startsAt) =>
        Kind == RefundPolicyKind.BeforeStart ? startsAt.AddHours(-HoursBeforeStart) : null;

    /// <summary>Why an owner may not refund now, or null when they may.</summary>
    public string? WhyNot(DateTimeOffset startsAt, DateTimeOffset now) => RefundableUntil(startsAt) switch
    {
        null => "This event's refund policy is 'none': its bookings are not refundable.",
        { } until when now >= until => string.Create(CultureInfo.InvariantCulture,
            $"This event's bookings were refundable until {HoursBeforeStart} hour(s) before the start, that is until {until:O}."),
        _ => null,
    };
}
