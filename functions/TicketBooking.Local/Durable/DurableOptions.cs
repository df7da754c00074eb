using TicketBooking.Configuration;

namespace TicketBooking.Local.Durable;

/// <summary>
/// The local host's Durable Task engine (section <c>Durable</c>). In Azure the Functions host runs orchestrations
/// and none of this is read.
/// </summary>
public sealed class DurableOptions
{
    public const string Section = "Durable";

    [LocalOnly]
    public DurableBackend Backend { get; set; } = DurableBackend.InMemory;

    /// <summary>Storage for <see cref="DurableBackend.AzureStorage"/>.</summary>
    [LocalOnly]
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    [LocalOnly]
    public string TaskHub { get; set; } = "TicketBookingHub";

    /// <summary>
    /// Orchestration and activity work items in flight at once. The in-memory service would allow only
    /// <c>Environment.ProcessorCount</c> and then poll every 500 ms; see <see cref="WideOrchestrationService"/>.
    /// </summary>
    [LocalOnly]
    public int MaxConcurrentWorkItems { get; set; } = 512;

    /// <summary>Loopback port of the gRPC sidecar (0: one the operating system picks when the sidecar binds).</summary>
    [LocalOnly]
    public int SidecarPort { get; set; }

    /// <summary>How often finished orchestration instances are purged (they are never removed otherwise).</summary>
    [LocalOnly]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a finished instance is kept before it is purged (late webhooks read its input).</summary>
    [LocalOnly]
    public TimeSpan KeepFinishedFor { get; set; } = TimeSpan.FromMinutes(10);
}
