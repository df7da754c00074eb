using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TicketBooking.Bench;

/// <summary>
/// The emulators of emulated mode for a bench run: Azurite (the Durable task hub) and the Cosmos-protocol server, both
/// node programs from tests/emulators on free loopback ports, killed by PID when the run ends.
/// </summary>
public sealed partial class BenchEmulators : IAsyncDisposable
{
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly List<Process> _processes = [];

    public string CosmosEndpoint { get; private set; } = "";

    public string StorageConnectionString { get; private set; } = "";

    /// <summary>The local host's settings for its data in the Cosmos-protocol server.</summary>
    public string[] CosmosSettings =>
    [
        "--Data:Provider=Cosmos", $"--Cosmos:AccountEndpoint={CosmosEndpoint}", $"--Cosmos:AccountKey={Convert.ToBase64String(new byte[64])}",
        "--Cosmos:ConnectionMode=Gateway", "--Cosmos:LocalServer=true", "--Cosmos:CreateIfNotExists=true",
    ];

    /// <summary>The local host's settings for emulated mode against these emulators.</summary>
    public string[] Settings =>
        [.. CosmosSettings, "--Durable:Backend=AzureStorage", $"--Durable:StorageConnectionString={StorageConnectionString}"];

    /// <summary>Starts the Cosmos-protocol server, and Azurite unless <paramref name="withAzurite"/> is false.</summary>
    public static async Task<BenchEmulators> StartAsync(bool withAzurite = true)
    {
        var emulators = new BenchEmulators();
        try
        {
            var cosmos = await emulators.StartNodeAsync("cosmos-server.js", "--port 0 --host 127.0.0.1 --no-ssl", CosmosReady());
            emulators.CosmosEndpoint = cosmos.Groups["url"].Value;
            if (!withAzurite)
            {
                return emulators;
            }

            // Port 0: Azurite binds ports of the system's choosing and names them in its start-up lines.
            var azurite = await emulators.StartNodeAsync("node_modules/azurite/dist/src/azurite.js",
                "--inMemoryPersistence --skipApiVersionCheck --loose --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 " +
                "--tableHost 127.0.0.1 --tablePort 0", AzuriteReady(), lines: 3);
            emulators.StorageConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};" +
                $"BlobEndpoint={azurite.Urls["Blob"]}/devstoreaccount1;QueueEndpoint={azurite.Urls["Queue"]}/devstoreaccount1;" +
                $"TableEndpoint={azurite.Urls["Table"]}/devstoreaccount1;";
            return emulators;
        }
        catch
        {
            await emulators.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last ready line's groups, and every URL captured by kind (or by order when the pattern has no kind).</summary>
    private sealed record Ready(GroupCollection Groups, IReadOnlyDictionary<string, string> Urls);

    /// <summary>Starts a node program and waits for <paramref name="lines"/> lines matching <paramref name="ready"/>.</summary>
    private async Task<Ready> StartNodeAsync(string script, string arguments, Regex ready, int lines = 1)
    {
        var folder = Path.Combine(RepoRoot(), "tests", "emulators");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            throw new InvalidOperationException("tests/emulators/node_modules is missing: run `npm ci` in tests/emulators (or bash tests/run.sh once).");
        }

        var process = Process.Start(new ProcessStartInfo("node", $"{Path.Combine(folder, script)} {arguments}")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node could not be started.");
        _processes.Add(process);
        var found = new TaskCompletionSource<Ready>(TaskCreationOptions.RunContinuationsAsynchronously);
        var captures = new Dictionary<string, string>(StringComparer.Ordinal);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ready.Match(e.Data) is { Success: true } match)
            {
                lock (captures)
                {
                    captures[match.Groups["kind"].Success ? match.Groups["kind"].Value : captures.Count.ToString()] = match.Groups["url"].Value;
                    if (captures.Count == lines)
                    {
                        found.TrySetResult(new Ready(match.Groups, new Dictionary<string, string>(captures, StringComparer.Ordinal)));
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(found.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90))) != found.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw new InvalidOperationException($"{script} did not start (exited, or not ready within 90 s).");
        }

        return await found.Task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true); // SIGKILL: Azurite ignores SIGTERM
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TicketBooking.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (TicketBooking.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"listening on (?<url>\S+)")]
    private static partial Regex CosmosReady();

    [GeneratedRegex(@"(?<kind>Blob|Queue|Table) service is successfully listening at (?<url>http\S+)")]
    private static partial Regex AzuriteReady();
}
