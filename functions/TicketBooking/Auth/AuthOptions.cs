using TicketBooking.Configuration;

namespace TicketBooking.Auth;

/// <summary>
/// How bearer tokens are validated. In Azure: an OIDC <see cref="Authority"/> (Entra ID or any provider) whose metadata
/// gives the signing keys, and the expected <see cref="Audience"/>, <see cref="Issuer"/> and <see cref="Algorithms"/>,
/// all required. Locally: tokens signed with <see cref="SigningKey"/> by the development sign-in of the local host.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Audience of locally signed tokens when <see cref="Audience"/> is not set.</summary>
    public const string LocalAudience = "ticketbooking-api";

    /// <summary>Issuer of locally signed tokens when <see cref="Issuer"/> is not set.</summary>
    public const string LocalIssuer = "ticketbooking-local";

    /// <summary>Signature algorithms a token from an authority may use: asymmetric ones only (never <c>none</c>, never a shared secret).</summary>
    public static readonly IReadOnlySet<string> AsymmetricAlgorithms = new HashSet<string>(StringComparer.Ordinal)
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };

    /// <summary>OIDC authority whose discovery document (<c>/.well-known/openid-configuration</c>) gives the signing keys; https.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> the API accepts (required with <see cref="Authority"/>).</summary>
    public string? Audience { get; set; }

    /// <summary>The <c>iss</c> the API accepts (required with <see cref="Authority"/>; Entra ID v2.0: the authority itself).</summary>
    public string? Issuer { get; set; }

    /// <summary>Comma-separated signature algorithms accepted from the authority, from <see cref="AsymmetricAlgorithms"/>.</summary>
    public string Algorithms { get; set; } = "RS256";

    /// <summary>Base64 HMAC key for locally signed tokens. The local host generates one per run when empty.</summary>
    [LocalOnly]
    public string? SigningKey { get; set; }

    public bool UsesAuthority => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The entries of <see cref="Algorithms"/>, trimmed.</summary>
    public IReadOnlyList<string> AlgorithmList() =>
        Algorithms.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Where the authority's OIDC metadata is.</summary>
    public string MetadataAddress() => Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
}
