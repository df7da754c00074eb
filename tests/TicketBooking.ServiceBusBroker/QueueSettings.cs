namespace TicketBooking.ServiceBusBroker;

/// <summary>The properties of one queue, as Service Bus sets them when the queue is created.</summary>
public sealed record QueueSettings
{
    /// <summary>How long a received message stays locked before it is delivered again.</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A message sent again with a MessageId seen this recently is dropped (zero: no duplicate detection).</summary>
    public TimeSpan DuplicateDetectionWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Deliveries a message gets before it moves to the dead-letter queue.</summary>
    public int MaxDeliveryCount { get; init; } = 10;
}
