using OpenTelemetry;
using OpenTelemetry.Resources;
using TicketBooking.Telemetry;

namespace TicketBooking.Local.Telemetry;

/// <summary>
/// Locally, traces, metrics and logs go to an OTLP endpoint (a collector, the Aspire dashboard) when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or settings); otherwise nothing is exported.
/// </summary>
internal static class LocalTelemetry
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddLocalTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(TicketBookingTelemetry.Name, serviceInstanceId: Environment.MachineName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
