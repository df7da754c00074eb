namespace TicketBooking.ServiceBusBroker;

/// <summary>A message in a queue: its encoded AMQP form as it was sent, and the broker's state about it.</summary>
internal sealed class StoredMessage(byte[] encoded, string? messageId, long sequenceNumber, DateTime enqueuedAt)
{
    public byte[] Encoded { get; } = encoded;

    public string? MessageId { get; } = messageId;

    public long SequenceNumber { get; } = sequenceNumber;

    public DateTime EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Deliveries so far (the first delivery makes it 1).</summary>
    public int DeliveryCount { get; set; }

    public Guid? LockToken { get; set; }

    public DateTime LockedUntil { get; set; }

    /// <summary>Set when the message was dead-lettered: why, and the detail.</summary>
    public string? DeadLetterReason { get; set; }

    public string? DeadLetterDescription { get; set; }
}
