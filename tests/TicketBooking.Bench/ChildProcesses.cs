using System.Globalization;

namespace TicketBooking.Bench;

/// <summary>
/// The CPU time of this process's children (the emulators of emulated mode, the surge's listeners), read from /proc, so a run can say which
/// of them was busy: each child by what its command line runs.
/// </summary>
public static class ChildProcesses
{
    /// <summary>Seconds of CPU (user and system) used so far by each direct child, by name; empty where /proc is not there.</summary>
    public static IReadOnlyDictionary<string, double> CpuSeconds()
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!Directory.Exists("/proc"))
        {
            return result;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // After "pid (comm) ": state ppid ... utime (14th field) stime (15th).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != Environment.ProcessId)
                {
                    continue;
                }

                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                var name = NameOf(File.ReadAllText(Path.Combine(dir, "cmdline")));
                result[name] = result.GetValueOrDefault(name) + ticks / 100.0; // USER_HZ is 100 on Linux
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended meanwhile, or is not ours to read.
            }
        }

        return result;
    }

    private static string NameOf(string commandLine) =>
        commandLine.Contains("cosmos-server", StringComparison.Ordinal) ? "Cosmos-protocol server"
        : commandLine.Contains("azurite", StringComparison.Ordinal) ? "Azurite"
        : commandLine.Contains("ServiceBusBroker", StringComparison.Ordinal) ? "Service Bus test broker"
        : commandLine.Contains("surge-listeners", StringComparison.Ordinal) ? "listeners"
        : Path.GetFileName(commandLine.Split('\0')[0]);
}
