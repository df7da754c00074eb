namespace TicketBooking.WaitingRoom;

/// <summary>
/// A person's entry as the join and the entry routes answer it; <see cref="Pass"/> only while admitted; <see cref="Ahead"/>
/// counts the people before this one still waiting to be admitted.
/// </summary>
public sealed record QueueEntryView(
    string QueueId,
    string EventId,
    QueueStatus Status,
    long? Position,
    long? EstimatedWaitSeconds,
    string? Pass = null,
    DateTimeOffset? PassExpiresAt = null,
    long? Ahead = null)
{
    /// <summary>When a poller should ask again, in seconds; null once there is nothing more to wait for.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? RetryAfterSeconds { get; init; }
}
