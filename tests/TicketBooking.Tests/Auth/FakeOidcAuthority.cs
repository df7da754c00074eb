using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TicketBooking.Tests.Auth;

/// <summary>
/// An OIDC authority on 127.0.0.1 (random port): discovery document and JWKS, with signing keys that can be rolled
/// over, and counts of how often each document was read. Signs tokens with its keys.
/// </summary>
public sealed class FakeOidcAuthority : IAsyncDisposable
{
    public const string Issuer = "https://login.example.test/tenant/v2.0";
    public const string Audience = "api://ticketbooking-tests";

    private readonly WebApplication _app;
    private readonly Dictionary<string, AsymmetricSecurityKey> _keys = [];
    private volatile string[] _published = [];
    private int _jwksReads;

    private FakeOidcAuthority(WebApplication app) => _app = app;

    /// <summary>The authority's address (plain http on loopback: tests read it with a retriever that allows http).</summary>
    public string Authority { get; private set; } = "";

    public int JwksReads => Volatile.Read(ref _jwksReads);

    public static async Task<FakeOidcAuthority> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var authority = new FakeOidcAuthority(app);
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) => Results.Text(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{context.Request.Scheme}://{context.Request.Host}/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
        }), "application/json"));
        app.MapGet("/keys", () =>
        {
            Interlocked.Increment(ref authority._jwksReads);
            return Results.Text(JsonSerializer.Serialize(new { keys = authority._published.Select(kid => Jwk(authority._keys[kid])) }), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        authority.Authority = address.TrimEnd('/');
        return authority;
    }

    /// <summary>Creates a key (RSA, or EC P-256) under <paramref name="kid"/> without publishing it.</summary>
    public void CreateKey(string kid, bool ec = false)
    {
        AsymmetricSecurityKey key = ec ? new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) : new RsaSecurityKey(RSA.Create(2048));
        key.KeyId = kid;
        _keys[kid] = key;
    }

    /// <summary>The keys the JWKS lists from now on.</summary>
    public void Publish(params string[] kids) => _published = kids;

    public string Token(string kid, string algorithm = SecurityAlgorithms.RsaSha256, string issuer = Issuer, string audience = Audience, string subject = "user-1") =>
        new JsonWebTokenHandler().CreateToken(Descriptor(issuer, audience, subject, new SigningCredentials(_keys[kid], algorithm)));

    /// <summary>A token with <c>"alg": "none"</c> and no signature.</summary>
    public static string UnsignedToken() => new JsonWebTokenHandler().CreateToken(Descriptor(Issuer, Audience, "user-1", null));

    /// <summary>A token signed with a shared secret (HS256) that names <paramref name="kid"/>.</summary>
    public static string SymmetricToken(string kid) => new JsonWebTokenHandler().CreateToken(Descriptor(Issuer, Audience, "user-1",
        new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = kid }, SecurityAlgorithms.HmacSha256)));

    private static SecurityTokenDescriptor Descriptor(string issuer, string audience, string subject, SigningCredentials? credentials)
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = credentials,
        };
    }

    private static Dictionary<string, string> Jwk(AsymmetricSecurityKey key)
    {
        switch (key)
        {
            case RsaSecurityKey rsa:
                var p = rsa.Rsa.ExportParameters(false);
                return new() { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = key.KeyId, ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
            case ECDsaSecurityKey ec:
                var q = ec.ECDsa.ExportParameters(false).Q;
                return new() { ["kty"] = "EC", ["use"] = "sig", ["kid"] = key.KeyId, ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(q.X), ["y"] = Base64UrlEncoder.Encode(q.Y) };
            default:
                throw new NotSupportedException(key.GetType().Name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
