using Microsoft.DurableTask.Client;

namespace TicketBooking.Hosting;

/// <summary>How the HTTP handlers tell, after a start that failed, whether the orchestration runs anyway.</summary>
public static class OrchestrationLookup
{
    /// <summary>
    /// Whether orchestration <paramref name="instanceId"/> exists (another request or instance started it meanwhile:
    /// the Durable backends refuse a second start); false also when the backend cannot be reached.
    /// </summary>
    public static async Task<bool> ExistsAsync(this DurableTaskClient durable, string instanceId, ILogger logger)
    {
        try
        {
            return await durable.GetInstanceAsync(instanceId, CancellationToken.None) is not null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not look up orchestration {InstanceId}", instanceId);
            return false;
        }
    }
}
