using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Search;

/// <summary>Which search engine serves <c>/api/search</c> and where its index is.</summary>
public sealed class EventSearchOptions : IValidatableObject
{
    public const string Section = "Search";

    [Required]
    public SearchProvider Provider { get; set; } = SearchProvider.Lucene;

    /// <summary>The Azure AI Search service, such as <c>https://NAME.search.windows.net</c> (Azure AI Search only).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The index name. A breaking schema change goes to a new name (events-v2) and a rebuild (docs/search.md).</summary>
    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{1,127}$", ErrorMessage = "Search:IndexName is lower-case letters, digits and dashes.")]
    public string IndexName { get; set; } = "events";

    /// <summary>Client id of the user-assigned managed identity (empty: DefaultAzureCredential's own choice).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Folder of the Lucene index; empty keeps it in memory. Either way it is rebuilt from the catalog at start.</summary>
    [LocalOnly]
    public string? IndexPath { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == SearchProvider.AzureAISearch
            && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Search:Endpoint must be the https URL of the Azure AI Search service.", [nameof(Endpoint)]);
        }
    }
}
