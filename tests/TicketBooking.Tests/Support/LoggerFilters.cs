using Microsoft.Extensions.Logging;

namespace TicketBooking.Tests.Support;

/// <summary>Which level one logger provider gets for one category, by the rules Microsoft.Extensions.Logging applies.</summary>
public static class LoggerFilters
{
    public static LogLevel MinimumLevel(LoggerFilterOptions options, string providerName, string category)
    {
        LoggerFilterRule? best = null;
        foreach (var rule in options.Rules)
        {
            if (Applies(rule, providerName, category) && (best is null || IsBetter(rule, best)))
            {
                best = rule;
            }
        }

        return best?.LogLevel ?? options.MinLevel;
    }

    private static bool Applies(LoggerFilterRule rule, string providerName, string category)
    {
        if (rule.ProviderName is not null && rule.ProviderName != providerName)
        {
            return false;
        }

        if (string.IsNullOrEmpty(rule.CategoryName))
        {
            return true;
        }

        var star = rule.CategoryName.IndexOf('*', StringComparison.Ordinal);
        var prefix = star < 0 ? rule.CategoryName : rule.CategoryName[..star];
        var suffix = star < 0 ? "" : rule.CategoryName[(star + 1)..];
        return category.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && category.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
            && category.Length >= prefix.Length + suffix.Length;
    }

    /// <summary>A provider-specific rule beats a general one; then the longer category; on a tie the later rule wins.</summary>
    private static bool IsBetter(LoggerFilterRule rule, LoggerFilterRule current)
    {
        if ((current.ProviderName is not null) != (rule.ProviderName is not null))
        {
            return rule.ProviderName is not null;
        }

        return (rule.CategoryName?.Length ?? 0) >= (current.CategoryName?.Length ?? 0);
    }
}
