using System.Text.Json;
using System.Xml.Linq;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Infra;

/// <summary>Build hygiene that a deployment depends on: what may fail a build, and which package versions resolve.</summary>
public sealed class BuildSettingsTests
{
    private static readonly string[] AuditWarnings = ["NU1901", "NU1902", "NU1903", "NU1904"];

    /// <summary>Durable Task packages released on their own version line, not with the SDK.</summary>
    private static readonly HashSet<string> OwnVersionLine = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.DurableTask.Analyzers",
        "Microsoft.DurableTask.Generators",
        "Microsoft.DurableTask.InProcessTestHost",
    };

    private static XElement BuildProps() => XElement.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props"));

    private static IEnumerable<string> Codes(XElement props, string property) =>
        props.Descendants(property).SelectMany(e => e.Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void NuGetAuditWarningsNeverFailABuild()
    {
        var props = BuildProps();

        Assert.Equal("true", props.Descendants("TreatWarningsAsErrors").Single().Value);
        Assert.All(AuditWarnings, code => Assert.Contains(code, Codes(props, "WarningsNotAsErrors")));
    }

    [Fact]
    public void NuGetAuditWarningsStayVisible()
    {
        var props = BuildProps();

        Assert.All(AuditWarnings, code => Assert.DoesNotContain(code, Codes(props, "NoWarn")));
        Assert.DoesNotContain(props.Descendants("NuGetAudit"), e => e.Value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("package --vulnerable", File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "run.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProjectResolvesOneVersionOfTheDurableTaskSdk()
    {
        var assets = Directory.GetFiles(Path.Combine(RepoPaths.Root, "functions"), "project.assets.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests"), "project.assets.json", SearchOption.AllDirectories))
            // The Functions SDK's generated WorkerExtensions project builds the host's extensions; the host process loads them, not the worker.
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}WorkerExtensions{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(assets, p => p.Contains("TicketBooking.Functions", StringComparison.Ordinal));

        var resolved = assets.SelectMany(DurableTaskPackages).Distinct().ToList();

        Assert.Contains(resolved, p => p.Id.Equals("Microsoft.DurableTask.Worker.Grpc", StringComparison.OrdinalIgnoreCase));
        var versions = resolved.Select(p => p.Version).Distinct().ToList();
        Assert.True(versions.Count == 1, "Microsoft.DurableTask.* resolves to several versions: " +
            string.Join(", ", resolved.OrderBy(p => p.Id).Select(p => $"{p.Id} {p.Version} ({p.Project})")));
    }

    private static IEnumerable<(string Id, string Version, string Project)> DurableTaskPackages(string assetsPath)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(assetsPath));
        var project = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(assetsPath)))!;
        foreach (var library in assets.RootElement.GetProperty("libraries").EnumerateObject())
        {
            var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
            var id = library.Name[..slash];
            if (id.StartsWith("Microsoft.DurableTask.", StringComparison.OrdinalIgnoreCase) && !OwnVersionLine.Contains(id)
                && library.Value.GetProperty("type").GetString() == "package")
            {
                yield return (id, library.Name[(slash + 1)..], project);
            }
        }
    }
}
