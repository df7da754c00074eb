using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Cosmos;

/// <summary>Cosmos DB account and database. In Azure the app signs in with its managed identity; keys are for local servers only.</summary>
public sealed class CosmosOptions
{
    public const string Section = "Cosmos";

    [Required]
    public string AccountEndpoint { get; set; } = "";

    [Required]
    public string DatabaseName { get; set; } = "ticketbooking";

    public CosmosConnectionMode ConnectionMode { get; set; } = CosmosConnectionMode.Direct;

    /// <summary>Client id of the user-assigned managed identity (empty: DefaultAzureCredential's own choice).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Account key; only for a local Cosmos-protocol server.</summary>
    [LocalOnly]
    public string? AccountKey { get; set; }

    /// <summary>Accept the local server's self-signed certificate and talk only to its endpoint.</summary>
    [LocalOnly]
    public bool LocalServer { get; set; }

    /// <summary>Create the database and containers at start (local servers; in Azure the Bicep templates create them).</summary>
    [LocalOnly]
    public bool CreateIfNotExists { get; set; }
}
