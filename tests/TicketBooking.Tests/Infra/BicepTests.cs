using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TicketBooking.Tests.Infra;

/// <summary>
/// The infrastructure templates compile and pass the Bicep linter with zero warnings, using the
/// Bicep CLI shipped in the Azure.Bicep.CommandLine.linux-x64 package (no Azure CLI, no network).
/// </summary>
public class BicepTests
{
    [Fact]
    public async Task MainBicepBuildsWithoutWarningsOrErrors()
    {
        var build = await BicepCli.BuildMainAsync();

        Assert.True(build.ExitCode == 0, $"bicep build failed ({build.ExitCode}):\n{build.StandardError}");
        Assert.DoesNotContain("Warning", build.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", build.StandardError, StringComparison.Ordinal);
        using var template = JsonDocument.Parse(build.StandardOutput);
        Assert.True(template.RootElement.TryGetProperty("resources", out _), "The ARM template has no resources.");
    }

    [Fact]
    public async Task MainBicepLintsWithoutWarningsOrErrors()
    {
        var lint = await BicepCli.RunAsync("lint", BicepCli.MainBicepPath);

        var output = lint.StandardOutput + lint.StandardError;
        Assert.True(lint.ExitCode == 0, $"bicep lint failed ({lint.ExitCode}):\n{output}");
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParametersFileSetsOnlyParametersMainBicepDeclares()
    {
        var build = await BicepCli.BuildMainAsync();
        Assert.Equal(0, build.ExitCode);
        using var template = JsonDocument.Parse(build.StandardOutput);
        var declared = template.RootElement.GetProperty("parameters").EnumerateObject()
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);

        using var parameters = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(BicepCli.RepoRoot, "infra", "main.parameters.json")));
        var passed = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.NotEmpty(passed);
        Assert.All(passed, name => Assert.Contains(name, declared));
    }

    [Fact]
    public async Task KeyVaultHasPurgeProtectionOn()
    {
        var vault = ArmTemplate.Resources(await CompiledMainAsync(), "keyVault").Single(r => Type(r) == "Microsoft.KeyVault/vaults");

        var properties = vault.GetProperty("properties");
        Assert.True(properties.GetProperty("enableSoftDelete").GetBoolean());
        Assert.True(properties.TryGetProperty("enablePurgeProtection", out var purgeProtection) && purgeProtection.ValueKind == JsonValueKind.True,
            "Key Vault purge protection is off.");
    }

    /// <summary>What the running app does with each role its identity holds (Azure RBAC; Cosmos has its own data-plane role).</summary>
    private static readonly Dictionary<string, string> AppRoles = new(StringComparer.Ordinal)
    {
        ["storageBlobDataOwner"] = "Functions host storage, Durable task hub blobs, deployment package",
        ["storageQueueDataContributor"] = "Durable task hub control and work-item queues",
        ["storageTableDataContributor"] = "Durable task hub history and instances",
        ["searchIndexDataContributor"] = "index and search event documents",
        ["searchServiceContributor"] = "the app creates, updates and re-creates the events index definition at run time (ADR 0005)",
        ["keyVaultSecretsUser"] = "Key Vault references to the Stripe secrets",
        ["monitoringMetricsPublisher"] = "telemetry with Entra ID authentication",
    };

    [Fact]
    public async Task TheAppIdentityHoldsOnlyTheRolesTheRunningAppUses()
    {
        var assignments = RoleAssignments(await CompiledMainAsync());

        var app = assignments.Where(a => a.Principal == "appPrincipalId").Select(a => a.Role).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(AppRoles.Keys.Order(StringComparer.Ordinal), app.Order(StringComparer.Ordinal));
        Assert.All(assignments.Where(a => a.Principal == "appPrincipalId"), a => Assert.Equal("ServicePrincipal", a.PrincipalType));
    }

    [Fact]
    public async Task TheDeployerGetsOnlySecretsOfficerWithThePrincipalTypeItIsDeployedWith()
    {
        using var template = await CompiledMainAsync();

        var principalType = template.RootElement.GetProperty("parameters").GetProperty("principalType");
        Assert.Equal("User", principalType.GetProperty("defaultValue").GetString());
        Assert.Contains("ServicePrincipal", principalType.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
        var rbacParameters = template.RootElement.GetProperty("resources").GetProperty("rbac").GetProperty("properties").GetProperty("parameters");
        Assert.Equal("[parameters('principalType')]", rbacParameters.GetProperty("deployerPrincipalType").GetProperty("value").GetString());

        var deployer = RoleAssignments(template).Where(a => a.Principal == "deployerPrincipalId").ToList();
        Assert.Equal(["keyVaultSecretsOfficer"], deployer.Select(a => a.Role));
        Assert.All(deployer, a => Assert.Equal("parameters('deployerPrincipalType')", a.PrincipalType));
    }

    [Fact]
    public async Task TheFunctionAppHasACorsBlockOnlyWhenOriginsAreGiven()
    {
        var site = ArmTemplate.Resources(await CompiledMainAsync(), "api").Single(r => Type(r) == "Microsoft.Web/sites");

        var cors = site.GetProperty("properties").GetProperty("siteConfig").GetProperty("cors");

        Assert.Equal(JsonValueKind.String, cors.ValueKind);
        Assert.StartsWith("[if(empty(parameters('corsAllowedOrigins')), null(), ", cors.GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> CompiledMainAsync()
    {
        var build = await BicepCli.BuildMainAsync();
        Assert.Equal(0, build.ExitCode);
        return JsonDocument.Parse(build.StandardOutput);
    }

    private static string? Type(JsonElement resource) => resource.GetProperty("type").GetString();

    private sealed record RoleAssignment(string Principal, string Role, string PrincipalType);

    /// <summary>The Azure RBAC assignments of the rbac module: whose (parameter name), which role (key of its roles variable), what principal type.</summary>
    private static List<RoleAssignment> RoleAssignments(JsonDocument template)
    {
        var rbac = template.RootElement.GetProperty("resources").GetProperty("rbac").GetProperty("properties").GetProperty("template");
        var variables = rbac.GetProperty("variables");
        var list = new List<RoleAssignment>();
        foreach (var assignment in ArmTemplate.Resources(template, "rbac").Where(r => Type(r) == "Microsoft.Authorization/roleAssignments"))
        {
            var properties = assignment.GetProperty("properties");
            var principal = Regex.Match(properties.GetProperty("principalId").GetString()!, @"parameters\('(\w+)'\)").Groups[1].Value;
            var principalType = properties.GetProperty("principalType").GetString()!.Trim('[', ']');
            var roleExpression = properties.GetProperty("roleDefinitionId").GetString()!;
            var roles = Regex.Match(roleExpression, @"variables\('(\w+)'\)\[copyIndex\(\)\]") is { Success: true } loop
                ? variables.GetProperty(loop.Groups[1].Value).EnumerateArray().Select(v => v.GetString()!)
                : [roleExpression];
            list.AddRange(roles.Select(r => new RoleAssignment(principal, Regex.Match(r, @"variables\('roles'\)\.(\w+)").Groups[1].Value, principalType)));
        }

        Assert.All(list, a => Assert.False(string.IsNullOrEmpty(a.Role), "A role assignment whose role is not one of the roles variable."));
        return list;
    }
}

/// <summary>Reads the compiled ARM template: the resources of one module (a nested deployment).</summary>
internal static class ArmTemplate
{
    public static IEnumerable<JsonElement> Resources(JsonDocument template, string module)
    {
        var resources = template.RootElement.GetProperty("resources").GetProperty(module).GetProperty("properties").GetProperty("template").GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(p => p.Value) : resources.EnumerateArray();
    }
}

/// <summary>Runs the Bicep CLI from the NuGet package; finds the repository root.</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string> repoRoot = new(FindRepoRoot);
    private static readonly Lazy<string> executable = new(FindExecutable);

    // Both test classes need the compiled template: build it once per test run.
    private static readonly Lazy<Task<BicepRun>> mainBuild =
        new(() => RunAsync("build", MainBicepPath, "--stdout"));

    public static string RepoRoot => repoRoot.Value;

    public static string MainBicepPath => Path.Combine(RepoRoot, "infra", "main.bicep");

    /// <summary><c>bicep build infra/main.bicep --stdout</c>: the ARM template on stdout, diagnostics on stderr.</summary>
    public static Task<BicepRun> BuildMainAsync() => mainBuild.Value;

    public static async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {executable.Value}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new BicepRun(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TicketBooking.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TicketBooking.sln above {AppContext.BaseDirectory}.");
    }

    private static string FindExecutable()
    {
        // Set by TicketBooking.Tests.csproj from the package's path; BICEP_PATH overrides it.
        var path = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (string.IsNullOrEmpty(path))
        {
            path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        }

        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at '{path}'. It comes from the Azure.Bicep.CommandLine.linux-x64 package; run dotnet restore.");
        }

        // NuGet extraction does not always keep the executable bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }
}

internal sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError);
