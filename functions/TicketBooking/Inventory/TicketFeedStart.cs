namespace TicketBooking.Inventory;

/// <summary>
/// Where the tickets change feed reader (<see cref="CosmosTicketChangeFeed"/>) starts: a continuation a feature saved
/// (search's checkpoint in Azure), or null for "now". Registered by the feature that keeps the checkpoint.
/// </summary>
public sealed class TicketFeedStart(Func<CancellationToken, Task<string?>> read)
{
    public Task<string?> ReadAsync(CancellationToken cancellationToken) => read(cancellationToken);
}
