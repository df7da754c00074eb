using System.Diagnostics;

namespace TicketBooking.Bench;

/// <summary>How long a warm-up ran, and the methods the JIT compiled a second in its last slice.</summary>
public sealed record WarmUpResult(TimeSpan Elapsed, long CompiledPerSecond);

/// <summary>
/// Runs a warm-up a slice at a time until the JIT has settled: the runtime compiles hot methods again, optimized, while
/// they run, so a phase measured while it still compiles measures the compiler, not the code.
/// </summary>
public static class JitWarmUp
{
    /// <summary>Methods compiled a second below which the JIT counts as settled.</summary>
    public const int SettledPerSecond = 25;

    /// <summary>The longest warm-up, settled or not.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="slice"/> for <paramref name="first"/>, then a second at a time until settled (at most <see cref="MaxDuration"/>).</summary>
    public static async Task<WarmUpResult> RunAsync(TimeSpan first, Func<TimeSpan, Task> slice)
    {
        var warmUp = Stopwatch.StartNew();
        var compiled = long.MaxValue;
        for (var length = first; compiled > SettledPerSecond && warmUp.Elapsed < MaxDuration; length = TimeSpan.FromSeconds(1))
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            var sliceTime = Stopwatch.StartNew();
            await slice(length);
            compiled = (long)((System.Runtime.JitInfo.GetCompiledMethodCount() - before) / sliceTime.Elapsed.TotalSeconds);
        }

        return new WarmUpResult(warmUp.Elapsed, compiled);
    }
}
