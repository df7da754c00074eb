using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Auth;

/// <summary>
/// How bearer tokens are validated. In Azure: an OIDC <see cref="Authority"/> (Entra ID or any provider)
/// and the API's <see cref="Audience"/>. Locally: tokens signed with <see cref="SigningKey"/> by the
/// development sign-in of the local host.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>OIDC authority whose discovery document gives the issuer and signing keys.</summary>
    public string? Authority { get; set; }

    [Required]
    public string Audience { get; set; } = "ticketbooking-api";

    /// <summary>Issuer of locally signed tokens (ignored when <see cref="Authority"/> is set).</summary>
    [LocalOnly]
    public string Issuer { get; set; } = "ticketbooking-local";

    /// <summary>Base64 HMAC key for locally signed tokens. The local host generates one per run when empty.</summary>
    [LocalOnly]
    public string? SigningKey { get; set; }
}

public static class Roles
{
    public const string Organizer = "organizer";
    public const string Admin = "admin";
}
