namespace TicketBooking.Inventory;

/// <summary>The availability of one event at one moment, with the time until which it stays true.</summary>
public sealed record AvailabilitySnapshot(IReadOnlyList<SectionAvailability> Sections, long Stamp, DateTimeOffset ValidUntil)
{
    public int Available => Sections.Sum(s => s.Available);
}
