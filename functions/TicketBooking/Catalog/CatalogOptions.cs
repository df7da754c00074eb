using System.ComponentModel.DataAnnotations;

namespace TicketBooking.Catalog;

/// <summary>Catalog settings (section <c>Catalog</c>): the organizer limits and how a new event's tickets are written.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>Most events one organizer may create per UTC day. Admins are not limited.</summary>
    [Range(1, 1_000_000)]
    public int MaxEventsPerOrganizerPerDay { get; set; } = 50;

    /// <summary>Most seats (summed over the events' layouts) one organizer may create per UTC day. Admins are not limited.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSeatsPerOrganizerPerDay { get; set; } = 500_000;

    /// <summary>Tickets written by one activity of the event creation orchestration.</summary>
    [Range(1, 10_000)]
    public int TicketBatchSize { get; set; } = 1_000;
}
