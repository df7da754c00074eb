using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

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
