using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace TicketBooking.Telemetry;

/// <summary>
/// What both hosts trace and measure; each host adds its exporter (Azure Monitor in the Functions app, OTLP locally
/// when an endpoint is set). Spans: the HTTP request, the Durable Task SDK's orchestration and activity spans, the Azure
/// SDKs' (Cosmos, Search, Service Bus: their activity sources are switched on in Directory.Build.props), outgoing HTTP
/// (Stripe) and <see cref="TicketBookingTelemetry.ActivitySource"/>. Metrics: <see cref="TicketBookingMetrics"/>, the
/// ASP.NET Core request metrics and HttpClient's.
/// </summary>
public static class TelemetryServices
{
    /// <summary>The Durable Task SDK's activity source (orchestration, activity, timer and event spans).</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>Every Azure SDK client's activity sources (<c>Azure.Cosmos.Operation</c>, <c>Azure.Messaging.ServiceBus.*</c>, <c>Azure.Search.Documents.*</c>).</summary>
    public const string AzureSdkSources = "Azure.*";

    public static OpenTelemetryBuilder AddTicketBookingTelemetry(this IServiceCollection services) =>
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(TicketBookingTelemetry.ActivitySourceName, DurableTaskSource, AzureSdkSources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsLiveness(context.Request.Path) && !IsGrpc(context.Request.ContentType))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request => !IsGrpc(request.Content?.Headers.ContentType?.MediaType)))
            .WithMetrics(metrics => metrics
                .AddMeter(TicketBookingTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());

    /// <summary>The liveness probe is polled all day and says nothing about an on-sale: no span for it.</summary>
    private static bool IsLiveness(PathString path) => path.Equals("/" + Http.ApiRoutes.Prefix + "/" + Http.ApiRoutes.Health, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// gRPC plumbing (the Durable Task sidecar's calls, which the local host also serves, and the Functions host channel):
    /// the Durable Task SDK traces the work itself.
    /// </summary>
    private static bool IsGrpc(string? contentType) => contentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
