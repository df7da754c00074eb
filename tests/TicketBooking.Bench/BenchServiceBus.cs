using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TicketBooking.Bench;

/// <summary>
/// The Service Bus test broker of emulated mode for a bench run: its program (tests/TicketBooking.ServiceBusBroker,
/// built next to the bench) in a process of its own on a free loopback port, as scripts/run-emulated.sh starts it,
/// killed by PID when the run ends.
/// </summary>
public sealed partial class BenchServiceBus : IAsyncDisposable
{
    private readonly Process _process;

    private BenchServiceBus(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    /// <summary>What the real Service Bus client needs to reach the broker.</summary>
    public string ConnectionString { get; }

    /// <summary>The local host's settings for the join queue on this broker.</summary>
    public string[] Settings(string queue) =>
        ["--WaitingRoom:Queue:Provider=ServiceBus", $"--WaitingRoom:Queue:QueueName={queue}", $"--WaitingRoom:Queue:ConnectionString={ConnectionString}"];

    public static async Task<BenchServiceBus> StartAsync(string queue)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "TicketBooking.ServiceBusBroker.dll");
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"{program} is missing: build tests/TicketBooking.Bench (it references the broker).");
        }

        var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{program}\" --port 0 --queue {queue}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("The Service Bus test broker could not be started.");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            // The program prints its address, then its connection string.
            if (e.Data is not null && ConnectionStringLine().IsMatch(e.Data))
            {
                ready.TrySetResult(e.Data.Trim());
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60))) != ready.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            throw new InvalidOperationException("The Service Bus test broker did not start (exited, or not ready within 60 s).");
        }

        return new BenchServiceBus(process, await ready.Task);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"^Endpoint=sb://127\.0\.0\.1:\d+;")]
    private static partial Regex ConnectionStringLine();
}
