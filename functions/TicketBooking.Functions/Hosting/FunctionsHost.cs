using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using TicketBooking.Configuration;
using TicketBooking.Hosting;
using TicketBooking.RateLimiting;
using TicketBooking.Telemetry;

namespace TicketBooking.Functions.Hosting;

/// <summary>Composes the Functions app. Program.cs runs it; tests build the same composition to read what the worker reports.</summary>
public static class FunctionsHost
{
    /// <summary>The app setting that names the Application Insights resource telemetry goes to (unset: nothing is exported).</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static FunctionsApplicationBuilder Create(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);

        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ProblemMiddleware>();

        AddAzureMonitor(builder);
        // Behind the Functions front end the client address comes from X-Forwarded-For: a default that the bound
        // RateLimits:BehindTrustedProxy setting (registered after it) overrides.
        builder.Services.Configure<RateLimitOptions>(o => o.BehindTrustedProxy = true);
        builder.Services.AddTicketBooking(builder.Configuration);
        builder.Services.RefuseLocalOnlySettings();

        // The reservation orchestration and its activities: the library's classes, the same ones the local host's worker runs.
        // The Durable extension reports them to the Functions host at run time (docs/adr/0006-durable-tasks-in-the-functions-app.md).
        builder.ConfigureDurableWorker().AddTasks(tasks => tasks.AddTicketBookingTasks());
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry (the library's sources and meter, the worker's invocation spans) to
    /// Application Insights with the app's managed identity (AZURE_CLIENT_ID; local authentication is off there).
    /// </summary>
    private static void AddAzureMonitor(FunctionsApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddTicketBookingTelemetry().UseFunctionsWorkerDefaults();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[ApplicationInsightsConnectionString]))
        {
            telemetry.UseAzureMonitorExporter(o => o.Credential = new DefaultAzureCredential());
        }
    }
}
