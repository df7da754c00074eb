using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TicketBooking.Auth;

/// <summary>
/// Validates bearer tokens the same way in both hosts (the Functions app has no ASP.NET Core
/// authentication middleware in its pipeline, so handlers call this directly).
/// With an authority: signing keys from its OIDC metadata, the configured audience, issuer and algorithms, and one
/// metadata refresh when a token names a key the cached metadata does not have (the authority rolled its keys).
/// </summary>
public sealed class Authenticator
{
    /// <summary>Least time between two metadata refreshes asked for by unknown keys, so bad tokens cannot hammer the authority.</summary>
    public static readonly TimeSpan KeyRefreshInterval = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private static readonly string[] LocalAlgorithms = [SecurityAlgorithms.HmacSha256];

    private readonly AuthOptions _options;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly IConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly IReadOnlyList<string> _algorithms;
    private readonly SymmetricSecurityKey? _localKey;
    private readonly TimeProvider _time;

    /// <param name="metadata">The authority's metadata; by default read over https from <see cref="AuthOptions.MetadataAddress"/>.</param>
    public Authenticator(IOptions<AuthOptions> options, TimeProvider time, IConfigurationManager<OpenIdConnectConfiguration>? metadata = null)
    {
        _options = options.Value;
        _time = time;
        if (_options.UsesAuthority)
        {
            _metadata = metadata ?? CreateMetadataManager(_options.MetadataAddress());
            _algorithms = _options.AlgorithmList();
        }
        else
        {
            _algorithms = LocalAlgorithms;
            if (!string.IsNullOrWhiteSpace(_options.SigningKey))
            {
                _localKey = new SymmetricSecurityKey(Convert.FromBase64String(_options.SigningKey));
            }
        }
    }

    /// <summary>Reads OIDC metadata over https, refreshing it every 12 hours and, when asked, at most every <see cref="KeyRefreshInterval"/>.</summary>
    public static ConfigurationManager<OpenIdConnectConfiguration> CreateMetadataManager(string metadataAddress, IDocumentRetriever? retriever = null) =>
        new(metadataAddress, new OpenIdConnectConfigurationRetriever(), retriever ?? new HttpDocumentRetriever { RequireHttps = true })
        {
            RefreshInterval = KeyRefreshInterval,
        };

    /// <summary>Returns the caller, or throws 401 (no or bad token) or 403 (none of the <paramref name="anyOfRoles"/>).</summary>
    public async Task<Caller> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken, params string[] anyOfRoles)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthorized("Send a bearer token in the Authorization header.");
        }

        var token = header["Bearer ".Length..].Trim();
        var result = await _handler.ValidateTokenAsync(token, await GetValidationParametersAsync(cancellationToken));
        if (!result.IsValid && _metadata is not null && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A key the cached metadata does not know: the authority may have rolled its keys. The manager honours
            // this at most once per KeyRefreshInterval; otherwise the same keys come back and the token stays refused.
            _metadata.RequestRefresh();
            result = await _handler.ValidateTokenAsync(token, await GetValidationParametersAsync(cancellationToken));
        }

        if (!result.IsValid)
        {
            throw Unauthorized(result.Exception switch
            {
                SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "The token has expired or is not valid yet. Sign in again.",
                SecurityTokenInvalidAudienceException => "The token was issued for another audience.",
                SecurityTokenInvalidIssuerException => "The token was issued by an unknown issuer.",
                SecurityTokenInvalidAlgorithmException => "The token is signed with an algorithm the API does not accept.",
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token signature is not valid.",
                _ => "The token is not valid.",
            });
        }

        var identity = result.ClaimsIdentity;
        var userId = identity.FindFirst("sub")?.Value ?? identity.FindFirst("oid")?.Value;
        if (string.IsNullOrWhiteSpace(userId))
        {
            throw Unauthorized("The token has no subject.");
        }

        var roles = identity.FindAll("roles").Concat(identity.FindAll("role")).Concat(identity.FindAll(ClaimTypes.Role))
            .Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var caller = new Caller(userId, roles);
        if (anyOfRoles.Length > 0 && !caller.IsInAnyRole(anyOfRoles))
        {
            throw new DomainException(ErrorKind.Forbidden,
                "You are not allowed to do this.", $"This operation needs one of the roles: {string.Join(", ", anyOfRoles)}.");
        }

        return caller;
    }

    private async Task<TokenValidationParameters> GetValidationParametersAsync(CancellationToken cancellationToken)
    {
        var parameters = new TokenValidationParameters
        {
            ValidateAudience = true,
            ValidateIssuer = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = _algorithms,
            LifetimeValidator = IsWithinLifetime,
        };

        if (_metadata is not null)
        {
            var config = await _metadata.GetConfigurationAsync(cancellationToken);
            parameters.ValidAudience = _options.Audience;
            parameters.ValidIssuer = _options.Issuer;
            parameters.IssuerSigningKeys = config.SigningKeys;
        }
        else if (_localKey is not null)
        {
            parameters.ValidAudience = _options.Audience ?? AuthOptions.LocalAudience;
            parameters.ValidIssuer = _options.Issuer ?? AuthOptions.LocalIssuer;
            parameters.IssuerSigningKey = _localKey;
        }
        else
        {
            throw new DomainException(ErrorKind.Unavailable,
                "Sign-in is not configured.", "Set Auth:Authority (or, locally, Auth:SigningKey).");
        }

        return parameters;
    }

    /// <summary>Lifetime checked against the application's clock, the same clock that decides hold expiry.</summary>
    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return (notBefore is null || notBefore.Value <= now + ClockSkew) && expires is not null && expires.Value > now - ClockSkew;
    }

    private static DomainException Unauthorized(string detail) =>
        new(ErrorKind.Unauthenticated, "Authentication is required.", detail);
}
