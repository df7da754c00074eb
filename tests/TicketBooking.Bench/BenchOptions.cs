using System.Globalization;

namespace TicketBooking.Bench;

public sealed record BenchOptions(string? Scenario, string? Url, int? Connections, double Seconds, double Warmup, IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = new(StringComparer.OrdinalIgnoreCase) { "--emulated", "--together" };

    public static BenchOptions Parse(string[] args)
    {
        var extra = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? scenario = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (Flags.Contains(args[i]))
            {
                extra[args[i][2..]] = "true";
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                extra[args[i][2..]] = args[++i];
            }
            else
            {
                scenario ??= args[i];
            }
        }

        double Number(string key, double fallback) => extra.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(scenario, extra.GetValueOrDefault("url"),
            extra.TryGetValue("connections", out var c) ? int.Parse(c, CultureInfo.InvariantCulture) : null,
            Number("seconds", 10), Number("warmup", 3), extra);
    }

    public int Int(string key, int fallback) => Extra.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
