using System.ComponentModel.DataAnnotations;

namespace TicketBooking.Configuration;

/// <summary>Which store holds events, tickets and reservations.</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    [Required]
    public DataProvider Provider { get; set; } = DataProvider.InMemory;
}
