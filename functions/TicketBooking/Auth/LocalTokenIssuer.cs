using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketBooking.Auth;

/// <summary>Signs development tokens with the local key. Only the local host registers it.</summary>
public sealed class LocalTokenIssuer(IOptions<AuthOptions> options, TimeProvider time)
{
    public static string NewSigningKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public string Issue(string userId, IEnumerable<string> roles, TimeSpan? lifetime = null)
    {
        var value = options.Value;
        var key = new SymmetricSecurityKey(Convert.FromBase64String(value.SigningKey
            ?? throw new InvalidOperationException("Auth:SigningKey is not set.")));
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new("sub", userId) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = value.Issuer ?? AuthOptions.LocalIssuer,
            Audience = value.Audience ?? AuthOptions.LocalAudience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
