using System.Text.Json;
using TicketBooking.Cosmos;

namespace TicketBooking.Tests.Infra;

/// <summary>The Cosmos containers the Bicep declares are exactly the ones the code uses, with the same partition keys.</summary>
public sealed class CosmosContainersTests
{
    [Fact]
    public async Task BicepDeclaresEveryContainerTheCodeUsesAndNoOther()
    {
        var build = await BicepCli.BuildMainAsync();
        Assert.True(build.ExitCode == 0, build.StandardError);
        using var document = JsonDocument.Parse(build.StandardOutput);

        var declared = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Collect(document.RootElement, declared);

        Assert.Equal(new SortedDictionary<string, string>(Containers.PartitionKeys.ToDictionary(), StringComparer.Ordinal), declared);
    }

    private static void Collect(JsonElement element, IDictionary<string, string> declared)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, declared);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && type.GetString() == "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            {
                var resource = element.GetProperty("properties").GetProperty("resource");
                declared[resource.GetProperty("id").GetString()!] = resource.GetProperty("partitionKey").GetProperty("paths")[0].GetString()!;
            }

            foreach (var property in element.EnumerateObject())
            {
                Collect(property.Value, declared);
            }
        }
    }
}
