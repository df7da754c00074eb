using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TicketBooking.Configuration;
using TicketBooking.Hosting;
using TicketBooking.RateLimiting;

namespace TicketBooking.Functions.Hosting;

/// <summary>Composes the Functions app. Program.cs runs it; tests build the same composition to read what the worker reports.</summary>
public static class FunctionsHost
{
    /// <summary>The provider name of the worker's Application Insights logger, as its filter rules name it.</summary>
    public const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    public static FunctionsApplicationBuilder Create(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);

        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ProblemMiddleware>();

        builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        KeepInformationLogsForApplicationInsights(builder.Services);
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
    /// The Application Insights package adds a rule that sends only Warning and above from the worker; drop it so the
    /// levels come from configuration (Logging:LogLevel, Information by default) like every other provider.
    /// </summary>
    private static void KeepInformationLogsForApplicationInsights(IServiceCollection services) =>
        services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Where(rule => rule.ProviderName == ApplicationInsightsLoggerProvider && rule.CategoryName is null).ToList()
                .ForEach(rule => options.Rules.Remove(rule)));
}
