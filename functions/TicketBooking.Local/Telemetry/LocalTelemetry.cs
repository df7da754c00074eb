using OpenTelemetry;
using OpenTelemetry.Resources;
using TicketBooking.Telemetry;

namespace TicketBooking.Local.Telemetry;

/// <summary>
/// Locally, traces, metrics and logs go to an OTLP endpoint (a collector, the Aspire dashboard) when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or settings). Otherwise nothing is collected at all unless
/// <c>Telemetry:Enabled</c> is true (tests add their own exporter): spans nobody exports would still cost every request
/// (about half the reserve throughput of the <c>onsale</c> benchmark).
/// </summary>
internal static class LocalTelemetry
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string EnabledSetting = "Telemetry:Enabled";

    public static WebApplicationBuilder AddLocalTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        if (!otlp && !builder.Configuration.GetValue<bool>(EnabledSetting))
        {
            return builder;
        }

        var telemetry = builder.Services.AddTicketBookingTelemetry()
            .ConfigureResource(resource => resource.AddService(TicketBookingTelemetry.Name, serviceInstanceId: Environment.MachineName));
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
