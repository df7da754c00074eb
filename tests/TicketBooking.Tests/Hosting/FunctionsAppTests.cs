extern alias functions;

using System.Reflection;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketBooking.Booking;
using TicketBooking.Tests.Support;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Hosting;

/// <summary>
/// What the built Functions app reports to the Functions host. The orchestrations and activities are not in the
/// functions.metadata file the build writes: the Durable extension adds them when the host asks the worker for its
/// functions (worker indexing). These tests ask the worker the same question in process.
/// </summary>
public sealed class FunctionsAppTests
{
    private static readonly Assembly[] AppAssemblies = [typeof(ReservationOrchestrator).Assembly, FunctionsAppHost.Assembly];

    /// <summary>Every orchestrator class of the app, under the name Durable Task registers it by.</summary>
    private static Dictionary<string, Type> OrchestratorClasses() =>
        AppAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(ITaskOrchestrator).IsAssignableFrom(t))
            .ToDictionary(TaskNameOf, StringComparer.Ordinal);

    private static string TaskNameOf(Type type) => type.GetCustomAttribute<DurableTaskAttribute>()?.Name.Name ?? type.Name;

    [Fact]
    public async Task TheWorkerReportsAnOrchestrationTriggerForEveryOrchestratorAndAnActivityTriggerForEveryActivityItCalls()
    {
        using var host = FunctionsAppHost.Build();
        var (registeredOrchestrators, registeredActivities) = DurableTasks.Registered(host.Services);
        var orchestrators = OrchestratorClasses();
        var expectedOrchestrators = new SortedSet<string>(orchestrators.Keys.Concat(registeredOrchestrators), StringComparer.Ordinal);
        var calledActivities = new SortedSet<string>(orchestrators.Values.SelectMany(DurableTasks.ActivitiesCalledBy), StringComparer.Ordinal);
        var expectedActivities = new SortedSet<string>(calledActivities.Concat(registeredActivities), StringComparer.Ordinal);

        var reported = await FunctionsAppHost.ReportedFunctionsAsync(host);

        Assert.Contains(ReservationOrchestrator.Name, expectedOrchestrators);
        Assert.Contains(ExpireReservationActivity.Name, calledActivities);
        Assert.Contains(ApplyPaymentActivity.Name, calledActivities);
        Assert.All(expectedOrchestrators, name =>
            Assert.True(reported.TryGetValue(name, out var trigger) && trigger == "orchestrationTrigger",
                $"The worker does not report orchestrator {name} with an orchestrationTrigger; it reports: {string.Join(", ", reported)}"));
        Assert.All(expectedActivities, name =>
            Assert.True(reported.TryGetValue(name, out var trigger) && trigger == "activityTrigger",
                $"The worker does not report activity {name} with an activityTrigger; it reports: {string.Join(", ", reported)}"));
    }

    [Fact]
    public async Task TheWorkerReportsTheHttpAndTimerFunctionsOfTheBuildAsWell()
    {
        using var host = FunctionsAppHost.Build();

        var reported = await FunctionsAppHost.ReportedFunctionsAsync(host);

        Assert.Equal("httpTrigger", reported["SearchEvents"]);
        Assert.Equal("timerTrigger", reported["SearchSync"]);
        Assert.Equal(reported.Count, reported.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void TheBuiltAppHasWorkerIndexingOn()
    {
        // Without it the Functions host reads only functions.metadata and never learns of the orchestrations.
        var config = Path.Combine(Path.GetDirectoryName(FunctionsAppHost.Assembly.Location)!, "worker.config.json");
        Assert.True(File.Exists(config), $"{config} is missing: the Functions SDK did not run on the app's build.");

        using var document = JsonDocument.Parse(File.ReadAllText(config));
        Assert.True(document.RootElement.GetProperty("description").TryGetProperty("workerIndexing", out var indexing),
            "worker.config.json does not set workerIndexing.");
        Assert.Equal("true", indexing.ToString(), ignoreCase: true);
    }

    [Fact]
    public void ApplicationInsightsReceivesTheAppsInformationLogs()
    {
        // Logs reach Application Insights through the OpenTelemetry logger provider (the Azure Monitor exporter).
        using var host = FunctionsAppHost.Build();
        var filters = host.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value;

        var level = LoggerFilters.MinimumLevel(filters, typeof(OpenTelemetry.Logs.OpenTelemetryLoggerProvider).FullName!,
            typeof(ConfirmReservation).FullName!);

        Assert.True(level <= LogLevel.Information, $"Application Insights gets {typeof(ConfirmReservation).FullName} logs from {level} up only.");
    }
}
