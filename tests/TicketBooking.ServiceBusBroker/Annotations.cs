using Amqp.Types;

namespace TicketBooking.ServiceBusBroker;

/// <summary>The message annotations and property names of the Service Bus AMQP mapping that the broker writes or reads.</summary>
internal static class Annotations
{
    public static readonly Symbol SequenceNumber = new("x-opt-sequence-number");
    public static readonly Symbol EnqueuedTime = new("x-opt-enqueued-time");
    public static readonly Symbol LockedUntil = new("x-opt-locked-until");
    public static readonly Symbol LockToken = new("x-opt-lock-token");
    public static readonly Symbol DeadLetterSource = new("x-opt-deadletter-source");

    /// <summary>Message format of a batch: one AMQP message whose data sections are the encoded messages.</summary>
    public const uint BatchFormat = 0x80013700;

    public const string DeadLetterReason = "DeadLetterReason";
    public const string DeadLetterErrorDescription = "DeadLetterErrorDescription";
    public static readonly Symbol LockLost = new("com.microsoft:message-lock-lost");
}
