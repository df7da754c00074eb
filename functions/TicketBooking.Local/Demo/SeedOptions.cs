using Microsoft.Extensions.Options;
using TicketBooking.Catalog;
using TicketBooking.Demo;

namespace TicketBooking.Local.Demo;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Load the demo catalog at start.</summary>
    public bool Demo { get; set; } = true;

    /// <summary>How many demo events besides the stadium event.</summary>
    public int EventCount { get; set; } = 300;
}
