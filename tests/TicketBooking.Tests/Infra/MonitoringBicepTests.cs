using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using TicketBooking.Telemetry;

namespace TicketBooking.Tests.Infra;

/// <summary>The operator's view in Bicep: the on-sale workbook charts the metrics the app records, and the alerts exist.</summary>
public class MonitoringBicepTests
{
    private static readonly string WorkbookPath = Path.Combine(BicepCli.RepoRoot, "infra", "app", "workbook.json");

    private static IReadOnlySet<string> MetricNames() => typeof(TicketBookingMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.GetRawConstantValue() is string value && value.StartsWith("ticketbooking.", StringComparison.Ordinal)
            && f.Name.EndsWith("Attribute", StringComparison.Ordinal) is false)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    private static async Task<JsonDocument> CompiledMainAsync()
    {
        var build = await BicepCli.BuildMainAsync();
        Assert.Equal(0, build.ExitCode);
        return JsonDocument.Parse(build.StandardOutput);
    }

    [Fact]
    public void TheWorkbookChartsEveryMetricOfTheAppAndNoOtherName()
    {
        var workbook = File.ReadAllText(WorkbookPath);
        using var parsed = JsonDocument.Parse(workbook);
        var charted = Regex.Matches(workbook, @"'(ticketbooking\.[a-z_.]+)'").Select(m => m.Groups[1].Value)
            .Where(name => !name.EndsWith(".id", StringComparison.Ordinal) && name != TicketBookingMetrics.StreamAttribute)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal("Notebook/1.0", parsed.RootElement.GetProperty("version").GetString());
        Assert.Equal(MetricNames().Order(StringComparer.Ordinal), charted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheWorkbookIsDeployedOverApplicationInsightsWithTheCosmosAccount()
    {
        using var template = await CompiledMainAsync();

        var workbook = ArmTemplate.Resources(template, "workbook").Single(r => r.GetProperty("type").GetString() == "Microsoft.Insights/workbooks");

        var properties = workbook.GetProperty("properties");
        Assert.Contains("Microsoft.Insights/components", properties.GetProperty("sourceId").GetString(), StringComparison.Ordinal);
        Assert.Contains("__COSMOS_ACCOUNT_ID__", properties.GetProperty("serializedData").GetString(), StringComparison.Ordinal);
        Assert.Contains("Microsoft.DocumentDB/databaseAccounts", properties.GetProperty("serializedData").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertsWatchThe5xxRateCosmosThrottlingAndTheOrchestrationBacklogAndNotifyTheActionGroup()
    {
        using var template = await CompiledMainAsync();

        var alerts = ArmTemplate.Resources(template, "alerts").ToList();

        var queries = alerts.Where(a => a.GetProperty("type").GetString() == "Microsoft.Insights/scheduledQueryRules")
            .Select(a => a.GetProperty("properties").GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query").GetString()!).ToList();
        Assert.Contains(queries, q => q.Contains("resultCode) >= 500", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains(TicketBookingMetrics.ExpiryLag, StringComparison.Ordinal));
        var throttling = Assert.Single(alerts, a => a.GetProperty("type").GetString() == "Microsoft.Insights/metricAlerts");
        var dimension = throttling.GetProperty("properties").GetProperty("criteria").GetProperty("allOf")[0].GetProperty("dimensions")[0];
        Assert.Equal("StatusCode", dimension.GetProperty("name").GetString());
        Assert.Equal("429", dimension.GetProperty("values")[0].GetString());
        Assert.True(template.RootElement.GetProperty("parameters").TryGetProperty("alertActionGroupId", out _));
        Assert.Contains("alertActionGroupId", template.RootElement.GetProperty("resources").GetProperty("alerts").GetRawText(), StringComparison.Ordinal);
    }
}
