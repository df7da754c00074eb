using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TicketBooking.Http;

namespace TicketBooking.Auth;

/// <summary>The signed-in caller: the token's subject and roles.</summary>
public sealed record Caller(string UserId, IReadOnlySet<string> Roles)
{
    public bool IsInAnyRole(params string[] roles) => roles.Any(Roles.Contains);
}

/// <summary>
/// Validates bearer tokens the same way in both hosts (the Functions app has no ASP.NET Core
/// authentication middleware in its pipeline, so handlers call this directly).
/// </summary>
public sealed class Authenticator
{
    private readonly AuthOptions _options;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _oidc;
    private readonly SymmetricSecurityKey? _localKey;
    private readonly TimeProvider _time;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public Authenticator(IOptions<AuthOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        if (!string.IsNullOrWhiteSpace(_options.Authority))
        {
            var metadata = _options.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
            _oidc = new ConfigurationManager<OpenIdConnectConfiguration>(metadata, new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = true });
        }
        else if (!string.IsNullOrWhiteSpace(_options.SigningKey))
        {
            _localKey = new SymmetricSecurityKey(Convert.FromBase64String(_options.SigningKey));
        }
    }

    /// <summary>Returns the caller, or throws 401 (no or bad token) or 403 (none of the <paramref name="anyOfRoles"/>).</summary>
    public async Task<Caller> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken, params string[] anyOfRoles)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthorized("Send a bearer token in the Authorization header.");
        }

        var token = header["Bearer ".Length..].Trim();
        var parameters = await GetValidationParametersAsync(cancellationToken);
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            throw Unauthorized(result.Exception switch
            {
                SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "The token has expired or is not valid yet. Sign in again.",
                SecurityTokenInvalidAudienceException => "The token was issued for another audience.",
                SecurityTokenInvalidIssuerException => "The token was issued by an unknown issuer.",
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
            ValidAudience = _options.Audience,
            ValidateAudience = true,
            ValidateIssuer = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            LifetimeValidator = IsWithinLifetime,
        };

        if (_oidc is not null)
        {
            var config = await _oidc.GetConfigurationAsync(cancellationToken);
            parameters.ValidIssuer = config.Issuer;
            parameters.IssuerSigningKeys = config.SigningKeys;
        }
        else if (_localKey is not null)
        {
            parameters.ValidIssuer = _options.Issuer;
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
