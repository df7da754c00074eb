using System.Text.Json;

namespace TicketBooking.Tests.Infra;

/// <summary>What infra/app/servicebus.bicep provisions for the waiting room's join queue, read from the compiled template.</summary>
public class ServiceBusInfraTests
{
    private static async Task<JsonDocument> TemplateAsync()
    {
        var build = await BicepCli.BuildMainAsync();
        Assert.Equal(0, build.ExitCode);
        return JsonDocument.Parse(build.StandardOutput);
    }

    private static JsonElement Single(JsonDocument template, string type) =>
        Assert.Single(ArmTemplate.Resources(template, "serviceBus"), r => r.GetProperty("type").GetString() == type);

    [Fact]
    public async Task TheJoinQueueDropsDuplicatesAndDeadLettersPoisonJoins()
    {
        using var template = await TemplateAsync();

        var queue = Single(template, "Microsoft.ServiceBus/namespaces/queues").GetProperty("properties");

        Assert.True(queue.GetProperty("requiresDuplicateDetection").GetBoolean());
        Assert.Equal("PT10M", queue.GetProperty("duplicateDetectionHistoryTimeWindow").GetString());
        Assert.False(queue.GetProperty("requiresSession").GetBoolean());
        Assert.InRange(queue.GetProperty("maxDeliveryCount").GetInt32(), 2, 20);
        Assert.True(queue.GetProperty("deadLetteringOnMessageExpiration").GetBoolean());
    }

    [Fact]
    public async Task TheNamespaceHasNoKeysAndStandardIsTheDefaultTier()
    {
        using var template = await TemplateAsync();

        var ns = Single(template, "Microsoft.ServiceBus/namespaces");
        var sku = template.RootElement.GetProperty("parameters").GetProperty("serviceBusSku");

        Assert.True(ns.GetProperty("properties").GetProperty("disableLocalAuth").GetBoolean());
        Assert.Equal("Standard", sku.GetProperty("defaultValue").GetString());
        Assert.Equal(["Standard", "Premium"], sku.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task TheAppMaySendAndReceiveOnTheQueueOnly()
    {
        using var template = await TemplateAsync();

        var assignment = Single(template, "Microsoft.Authorization/roleAssignments");
        var properties = assignment.GetProperty("properties");
        var roles = template.RootElement.GetProperty("resources").GetProperty("serviceBus").GetProperty("properties")
            .GetProperty("template").GetProperty("variables").GetProperty("roles");

        Assert.Contains("Microsoft.ServiceBus/namespaces/queues", assignment.GetProperty("scope").GetString(), StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());
        Assert.Equal("[parameters('appPrincipalId')]", properties.GetProperty("principalId").GetString());
        Assert.Equal("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", roles.GetProperty("serviceBusDataSender").GetString());
        Assert.Equal("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", roles.GetProperty("serviceBusDataReceiver").GetString());
        var assigned = assignment.GetProperty("copy").GetProperty("count").GetString()!;
        Assert.Contains("variables('roles').serviceBusDataSender", assigned, StringComparison.Ordinal);
        Assert.Contains("variables('roles').serviceBusDataReceiver", assigned, StringComparison.Ordinal);
    }
}
