using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// The join queue. In Azure: Service Bus, reached with the app's managed identity at <see cref="FullyQualifiedNamespace"/>;
/// the queue's lock duration, duplicate-detection window and size are properties of the queue (infra/app/servicebus.bicep).
/// The settings marked local-only shape the in-process queue, or point the SDK at the emulated run's test broker.
/// </summary>
public sealed class JoinQueueOptions
{
    public const string Section = "WaitingRoom:Queue";

    public JoinQueueProvider Provider { get; set; } = JoinQueueProvider.InProcess;

    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$", ErrorMessage = "WaitingRoom:Queue:QueueName must be a Service Bus queue name.")]
    public string QueueName { get; set; } = "joins";

    /// <summary>The namespace host, such as <c>sb-name.servicebus.windows.net</c> (Service Bus in Azure).</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>Client id of the user-assigned managed identity (empty: DefaultAzureCredential's own choice).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>A connection string with <c>UseDevelopmentEmulator=true</c> for the test broker of the emulated run.</summary>
    [LocalOnly]
    public string? ConnectionString { get; set; }

    /// <summary>How long a received join stays locked before it is delivered again (in-process queue).</summary>
    [LocalOnly]
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A join sent again with a MessageId seen this recently is dropped (in-process queue).</summary>
    [LocalOnly]
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most joins held at once; a send beyond it is refused with 503 and Retry-After (in-process queue).</summary>
    [LocalOnly]
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 200_000;
}
