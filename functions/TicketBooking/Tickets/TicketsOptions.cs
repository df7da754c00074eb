using TicketBooking.Configuration;

namespace TicketBooking.Tickets;

/// <summary>
/// Ticket settings (section <c>Tickets</c>): the key that signs ticket codes. In Azure <see cref="SigningKey"/> is a Key
/// Vault reference; the local host falls back to <see cref="DevelopmentSigningKey"/>, which the Functions app refuses, so
/// Azure never signs tickets with a published key. Changing the key makes every ticket issued so far unreadable at the
/// door: the key is set once and kept (docs/adr/0015-tickets-and-check-in.md).
/// </summary>
public sealed class TicketsOptions
{
    public const string Section = "Tickets";

    /// <summary>The smallest signing key accepted, in bytes.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Base64 key (at least 32 random bytes) from which each event's ticket key is derived.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Base64 key used when <see cref="SigningKey"/> is not set: for local runs only.</summary>
    [LocalOnly]
    public string? DevelopmentSigningKey { get; set; }

    public string? EffectiveSigningKey() => string.IsNullOrWhiteSpace(SigningKey) ? DevelopmentSigningKey : SigningKey;

    /// <summary>Why the settings cannot sign tickets, or null when they can.</summary>
    public static string? KeyProblem(TicketsOptions options)
    {
        var key = options.EffectiveSigningKey();
        if (string.IsNullOrWhiteSpace(key))
        {
            return "Tickets:SigningKey is not set: set it to a base64 key of at least 32 random bytes (a Key Vault reference in Azure).";
        }

        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length >= MinKeyBytes
            ? null
            : $"Tickets:SigningKey must be base64 of at least {MinKeyBytes} bytes.";
    }
}
