using System.ComponentModel.DataAnnotations;

namespace TicketBooking.Configuration;

public enum DataProvider
{
    /// <summary>In-process stores (local runs).</summary>
    [LocalOnly]
    InMemory,
    Cosmos,
}
