using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace TicketBooking.Http;

/// <summary>
/// Writes a stream of <see cref="ServerSentEvent"/>s: <c>text/event-stream</c>, <c>Cache-Control: no-cache</c>,
/// <c>X-Accel-Buffering: no</c>, no response buffering (each event is flushed), never compressed. A <c>retry:</c> hint
/// opens it; a comment line goes out every heartbeat interval; it ends with a <c>retry:</c> hint when the events end or
/// the maximum duration passes, and is cut off (the connection aborted) when a write stalls past the write timeout.
/// </summary>
internal sealed class ServerSentEventsResult(IAsyncEnumerable<ServerSentEvent> events, IDisposable place, ServerSentEventsOptions options,
    TimeProvider time, ILogger logger) : IResult
{
    public const string ContentType = "text/event-stream";

    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var _ = place;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var retry = Encoding.UTF8.GetBytes($"retry: {(long)options.ReconnectDelay.TotalMilliseconds}\n\n");
        var lifetime = options.MaxDuration * (1 - Random.Shared.NextDouble() / 10);
        using var ending = new CancellationTokenSource(lifetime, time);
        using var stalled = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, ending.Token, stalled.Token);
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stalled.Token);

        async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
        {
            // Most writes complete at once (the connection's buffer takes them): only a write that waits on the
            // client arms the write timeout, so a fan-out to thousands of streams does not touch a timer per write.
            var pending = response.BodyWriter.WriteAsync(bytes, writing.Token);
            FlushResult written;
            if (pending.IsCompleted)
            {
                written = pending.Result;
            }
            else
            {
                stalled.CancelAfter(options.WriteTimeout);
                written = await pending;
                stalled.CancelAfter(Timeout.InfiniteTimeSpan);
            }

            if (written.IsCanceled || written.IsCompleted)
            {
                writing.Token.ThrowIfCancellationRequested();
                throw new IOException("The client no longer takes the stream.");
            }
        }

        var enumerator = events.GetAsyncEnumerator(stop.Token);
        Task<bool>? next = null;
        try
        {
            await response.StartAsync(writing.Token);
            await WriteAsync(retry);
            next = enumerator.MoveNextAsync().AsTask();
            var beat = Task.Delay(options.HeartbeatInterval, time, stop.Token);
            while (true)
            {
                if (!next.IsCompleted)
                {
                    await Task.WhenAny(next, beat);
                    if (!next.IsCompleted)
                    {
                        if (stop.IsCancellationRequested)
                        {
                            break;
                        }

                        await WriteAsync(Heartbeat);
                        beat = Task.Delay(options.HeartbeatInterval, time, stop.Token);
                        continue;
                    }
                }

                if (!await next)
                {
                    next = null;
                    break;
                }

                await WriteAsync(enumerator.Current.Frame);
                next = enumerator.MoveNextAsync().AsTask();
            }

            await TryWriteAsync(response, retry, writing.Token);
        }
        catch (OperationCanceledException) when (stalled.IsCancellationRequested && !httpContext.RequestAborted.IsCancellationRequested)
        {
            logger.LogDebug("A live stream's client took no data for {WriteTimeout}; the connection is cut", options.WriteTimeout);
            httpContext.Abort();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went, or the stream reached its maximum duration while the events were being read.
            await TryWriteAsync(response, retry, writing.Token);
        }
        catch (IOException ex)
        {
            logger.LogDebug(ex, "A live stream's connection failed");
        }
        finally
        {
            await stop.CancelAsync();
            await EndAsync(enumerator, next);
        }
    }

    private static async Task TryWriteAsync(HttpResponse response, byte[] bytes, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await response.Body.WriteAsync(bytes, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client is gone; nothing to tell it.
        }
    }

    /// <summary>Lets a pending read end (the stop token cancels it), then disposes the enumerator.</summary>
    private async Task EndAsync(IAsyncEnumerator<ServerSentEvent> enumerator, Task<bool>? next)
    {
        try
        {
            if (next is not null)
            {
                await next.WaitAsync(TimeSpan.FromSeconds(5), time);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogTrace(ex, "A live stream's pending read ended");
        }

        try
        {
            await enumerator.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or NotSupportedException or InvalidOperationException)
        {
            logger.LogTrace(ex, "A live stream's events ended while a read was pending");
        }
    }
}
