using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Search;

public enum SearchProvider
{
    /// <summary>Lucene.Net in the process (local runs).</summary>
    [LocalOnly]
    Lucene,

    /// <summary>Azure AI Search (Azure).</summary>
    AzureAISearch,
}
