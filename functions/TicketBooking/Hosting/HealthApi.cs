using System.Text.Json;
using TicketBooking.Configuration;
using TicketBooking.Http;

namespace TicketBooking.Hosting;

/// <summary>
/// <c>/api/health</c>: a cheap liveness answer that touches nothing. <c>/api/health/ready</c>: every registered
/// <see cref="IReadinessCheck"/> in parallel, each under <see cref="CheckTimeout"/>; 503 naming the ones that failed.
/// </summary>
public sealed class HealthApi(IOptions<DataOptions> data, IEnumerable<IReadinessCheck> checks, TimeProvider time, ILogger<HealthApi> logger)
{
    /// <summary>How long one dependency may take to answer the ready check.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public IResult Get() => new RawJsonResult(JsonSerializer.SerializeToUtf8Bytes(
        new HealthView("ok", data.Value.Provider, time.GetUtcNow()), ApiJson.Options), cacheControl: "no-store");

    public async Task<IResult> GetReadyAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(checks.Select(check => RunAsync(check, cancellationToken)));
        var ready = results.All(r => r.Status == "ok");
        return new RawJsonResult(JsonSerializer.SerializeToUtf8Bytes(new ReadyView(ready ? "ready" : "failing", results), ApiJson.Options),
            ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, cacheControl: "no-store");
    }

    private async Task<ReadyCheckView> RunAsync(IReadinessCheck check, CancellationToken cancellationToken)
    {
        using var activity = TicketBookingTelemetry.ActivitySource.StartActivity("ready " + check.Name);
        var started = time.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check.CheckAsync(timeout.Token).WaitAsync(CheckTimeout, time, cancellationToken);
            return new ReadyCheckView(check.Name, "ok", Elapsed());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var timedOut = ex is TimeoutException || timeout.IsCancellationRequested;
            logger.LogWarning(ex, "Ready check {Check} failed after {ElapsedMs} ms", check.Name, Elapsed());
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            return new ReadyCheckView(check.Name, timedOut ? "timeout" : "failed", Elapsed(),
                timedOut ? $"No answer within {CheckTimeout.TotalSeconds:0} s." : ex.GetType().Name + " (details in the log)");
        }

        long Elapsed() => (long)time.GetElapsedTime(started).TotalMilliseconds;
    }
}
