using System.Globalization;

namespace TicketBooking.Catalog;

/// <summary>
/// The daily caps on what one organizer creates, counted from the event store (every event carries its creator and
/// creation time), so every instance sees the same count. Two creates racing past the last free place may both pass:
/// the cap is a guard against runaway scripts and mistakes, not an exact quota.
/// </summary>
public sealed class OrganizerLimits(IEventStore events, IOptions<CatalogOptions> options, TimeProvider time)
{
    /// <summary>Throws an <see cref="ErrorKind.OrganizerLimit"/> failure when <paramref name="organizerId"/> may not create an event of <paramref name="seats"/> seats today.</summary>
    public async Task EnsureAllowedAsync(string organizerId, int seats, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var today = await events.ListCreatedByAsync(organizerId, dayStart, cancellationToken);
        var limits = options.Value;
        var retryAfter = dayStart.AddDays(1) - now;
        if (today.Count >= limits.MaxEventsPerOrganizerPerDay)
        {
            throw LimitReached("Daily event limit reached.",
                $"An organizer may create {limits.MaxEventsPerOrganizerPerDay} events per day (UTC); {today.Count} were created today. " +
                $"Try again after {dayStart.AddDays(1).ToString("u", CultureInfo.InvariantCulture)}.",
                "events", limits.MaxEventsPerOrganizerPerDay, today.Count, retryAfter);
        }

        var seatsToday = today.Sum(e => (long)e.Capacity);
        if (seatsToday + seats > limits.MaxSeatsPerOrganizerPerDay)
        {
            throw LimitReached("Daily seat limit reached.",
                $"An organizer may create {limits.MaxSeatsPerOrganizerPerDay} seats per day (UTC); {seatsToday} were created today " +
                $"and this event has {seats}. Try a smaller layout, or again after {dayStart.AddDays(1).ToString("u", CultureInfo.InvariantCulture)}.",
                "seats", limits.MaxSeatsPerOrganizerPerDay, seatsToday, retryAfter);
        }
    }

    private static DomainException LimitReached(string title, string detail, string limit, long max, long used, TimeSpan retryAfter) =>
        new(ErrorKind.OrganizerLimit, title, detail, new Dictionary<string, object?> { ["limit"] = limit, ["max"] = max, ["used"] = used })
        {
            RetryAfter = retryAfter,
        };
}
