using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TicketBooking.Tests.Support;

/// <summary>
/// A node program from tests/emulators started on 127.0.0.1 for the tests and killed by PID afterwards.
/// The test command installs tests/emulators/node_modules before the tests run.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private NodeProcess(Process process, string url, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        Url = url;
        _output = output;
    }

    public string Url { get; }

    /// <summary>What the program wrote so far (standard output and error), line by line.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public int Pid => _process.Id;

    public static async Task<NodeProcess> StartAsync(string script, string arguments, Regex ready, TimeSpan timeout)
    {
        var emulators = Path.Combine(RepoPaths.Root, "tests", "emulators");
        if (!Directory.Exists(Path.Combine(emulators, "node_modules")))
        {
            throw new InvalidOperationException(
                "tests/emulators/node_modules is missing. Run the test command from the README (bash tests/run.sh), which installs it.");
        }

        var info = new ProcessStartInfo("node", $"{Path.Combine(emulators, script)} {arguments}")
        {
            WorkingDirectory = emulators,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("node could not be started.");
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            var match = ready.Match(e.Data);
            if (match.Success)
            {
                url.TrySetResult(match.Groups["url"].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var finished = await Task.WhenAny(url.Task, process.WaitForExitAsync(), Task.Delay(timeout));
        if (finished != url.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} did not start: {string.Join(Environment.NewLine, output)}");
        }

        return new NodeProcess(process, await url.Task, output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // SIGKILL: Azurite ignores SIGTERM
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (?<url>\S+)")]
    public static partial Regex ListeningOn();
}
