using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TicketBooking.Auth;

/// <summary>
/// Validates bearer tokens the same way in both hosts (the Functions app has no ASP.NET Core
/// authentication middleware in its pipeline, so handlers call this directly).
/// With an authority: signing keys from its OIDC metadata (a <see cref="ConfigurationManager{T}"/>, refreshed every 12
/// hours), the configured audience, issuer and algorithms, and one fresh metadata read when a token names a key the
/// cached metadata does not have (the authority rolled its keys), at most once per <see cref="KeyRefreshInterval"/>.
/// </summary>
public sealed class Authenticator
{
    /// <summary>Least time between two metadata reads caused by unknown keys, so bad tokens cannot hammer the authority.</summary>
    public static readonly TimeSpan KeyRefreshInterval = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);
    private static readonly string[] LocalAlgorithms = [SecurityAlgorithms.HmacSha256];

    private readonly AuthOptions _options;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly Func<IConfigurationManager<OpenIdConnectConfiguration>>? _newMetadata;
    private IConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private long _lastKeyRefreshTicks = long.MinValue;
    private readonly IReadOnlyList<string> _algorithms;
    private readonly SymmetricSecurityKey? _localKey;
    private readonly TimeProvider _time;

    /// <param name="metadataRetriever">Reads the authority's metadata documents; by default over https only.</param>
    public Authenticator(IOptions<AuthOptions> options, TimeProvider time, IDocumentRetriever? metadataRetriever = null)
    {
        _options = options.Value;
        _time = time;
        if (_options.UsesAuthority)
        {
            var address = _options.MetadataAddress();
            var retriever = metadataRetriever ?? new HttpDocumentRetriever { RequireHttps = true };
            _newMetadata = () => new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), retriever);
            _metadata = _newMetadata();
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

    /// <summary>Returns the caller, or throws 401 (no or bad token) or 403 (none of the <paramref name="anyOfRoles"/>).</summary>
    public async Task<Caller> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken, params string[] anyOfRoles)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthorized("Send a bearer token in the Authorization header.");
        }

        var token = header["Bearer ".Length..].Trim();
        RefuseUnacceptedAlgorithm(token);
        var result = await _handler.ValidateTokenAsync(token, await GetValidationParametersAsync(cancellationToken));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && TryRenewMetadata())
        {
            // A key the cached metadata does not know: the authority may have rolled its keys.
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

    /// <summary>The header's <c>alg</c> must be one the API accepts (never <c>none</c>, never HS256 from an authority).</summary>
    private void RefuseUnacceptedAlgorithm(string token)
    {
        string algorithm;
        try
        {
            algorithm = _handler.ReadJsonWebToken(token).Alg;
        }
        catch (ArgumentException)
        {
            throw Unauthorized("The token is not valid.");
        }

        if (!_algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw Unauthorized("The token is signed with an algorithm the API does not accept.");
        }
    }

    /// <summary>
    /// Replaces the cached metadata with a fresh read (a new manager fetches before it answers; a refresh requested from
    /// the old one would only run in the background), at most once per <see cref="KeyRefreshInterval"/>, so tokens
    /// naming unknown keys cannot hammer the authority.
    /// </summary>
    private bool TryRenewMetadata()
    {
        if (_newMetadata is null)
        {
            return false;
        }

        var now = _time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastKeyRefreshTicks);
        if ((last != long.MinValue && now - last < KeyRefreshInterval.Ticks) || Interlocked.CompareExchange(ref _lastKeyRefreshTicks, now, last) != last)
        {
            return false;
        }

        Volatile.Write(ref _metadata, _newMetadata());
        return true;
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

        if (Volatile.Read(ref _metadata) is { } metadata)
        {
            var config = await metadata.GetConfigurationAsync(cancellationToken);
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
