using Azure.Core;
using Azure.Core.Pipeline;

namespace TicketBooking.Telemetry;

/// <summary>
/// An Azure.Core pipeline policy that counts every request an Azure Storage client sends (each retry too), named by
/// client kind and HTTP method (<c>queue GET</c>, <c>table POST</c>).
/// </summary>
internal sealed class StorageRequestCountingPolicy(StorageRequestCounter counter, string kind) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Count(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Count(message);
    }

    private void Count(HttpMessage message) => counter.Record(StorageService.DurableStorage, $"{kind} {message.Request.Method.Method}");
}
