using System.Text.Json.Serialization;

namespace TicketBooking.Cosmos;

/// <summary>A change feed reader's continuation, one document per reader in the <c>leases</c> container.</summary>
public sealed record ChangeFeedCheckpoint([property: JsonPropertyName("id")] string Id, string Continuation, DateTimeOffset UpdatedAt);
