using Azure.Core;
using Azure.Core.Pipeline;

namespace TicketBooking.Telemetry;

/// <summary>
/// An Azure.Core pipeline policy that counts every request an Azure Storage client sends (each retry too), named by
/// client kind and HTTP method (<c>queue GET</c>, <c>table POST</c>); a queue read that found no message is counted
/// apart (<c>queue GET empty</c>): that is polling, whose rate follows the polling interval rather than the work.
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

    private static readonly byte[] QueueMessageElement = "<QueueMessage>"u8.ToArray();

    private void Count(HttpMessage message)
    {
        var method = message.Request.Method.Method;
        var emptyPoll = kind == "queue" && method == "GET" && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal)
            && message.HasResponse && message.Response.ContentStream is MemoryStream body && body.TryGetBuffer(out var bytes)
            && bytes.AsSpan().IndexOf(QueueMessageElement) < 0;
        counter.Record(StorageService.DurableStorage, emptyPoll ? $"{kind} {method} empty" : $"{kind} {method}");
    }
}
