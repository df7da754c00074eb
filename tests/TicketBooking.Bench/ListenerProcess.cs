using System.Diagnostics;
using System.Text.Json;

namespace TicketBooking.Bench;

/// <summary>
/// The surge's listeners in their own process (<see cref="SurgeListeners"/>, this program with <c>surge-listeners</c>),
/// started on the host's URL and killed by PID when the run ends. Stopwatch timestamps are the machine's monotonic
/// clock, the same in both processes.
/// </summary>
public sealed class ListenerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ListenerProcess(Process process, int connected)
    {
        _process = process;
        Connected = connected;
    }

    /// <summary>Listeners that got their first snapshot.</summary>
    public int Connected { get; }

    /// <summary>Starts the listeners and waits until they are open (at most 60 s).</summary>
    public static async Task<ListenerProcess> StartAsync(string url, string eventId, int listeners)
    {
        var program = typeof(ListenerProcess).Assembly.Location;
        var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{program}\" surge-listeners --url {url} --event {eventId} --listeners {listeners}")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("The listeners' process could not be started.");
        var first = await process.StandardOutput.ReadLineAsync();
        if (first is null || !first.StartsWith("connected ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"The listeners' process did not start: {first ?? "(it exited)"}");
        }

        return new ListenerProcess(process, int.Parse(first["connected ".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Announces changes about to be written, and returns once the listeners know them.</summary>
    public async Task AnnounceAsync(IEnumerable<string> keys)
    {
        await _process.StandardInput.WriteLineAsync("w " + string.Join(' ', keys));
        await _process.StandardInput.FlushAsync();
        var ok = await _process.StandardOutput.ReadLineAsync();
        if (ok != "ok")
        {
            throw new InvalidOperationException($"The listeners' process answered {ok ?? "(it exited)"}.");
        }
    }

    /// <summary>Takes back changes whose write was refused: no listener is to expect them.</summary>
    public async Task RefusedAsync(IEnumerable<string> keys)
    {
        await _process.StandardInput.WriteLineAsync("r " + string.Join(' ', keys));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Tells how many changes were written, and waits for the listeners' result.</summary>
    public async Task<ListenerResult> FinishAsync(long writes)
    {
        await _process.StandardInput.WriteLineAsync($"end {writes}");
        await _process.StandardInput.FlushAsync();
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("result ", StringComparison.Ordinal))
            {
                return JsonSerializer.Deserialize<ListenerResult>(line["result ".Length..])
                    ?? throw new InvalidOperationException("The listeners' result is empty.");
            }
        }

        throw new InvalidOperationException("The listeners' process ended without a result.");
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
}
