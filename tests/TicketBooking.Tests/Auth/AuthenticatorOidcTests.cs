using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;
using TicketBooking.Auth;
using TicketBooking.Errors;

namespace TicketBooking.Tests.Auth;

/// <summary>Tokens from an OIDC authority: keys from its metadata (served on 127.0.0.1), the configured audience, issuer and algorithms.</summary>
public sealed class AuthenticatorOidcTests : IAsyncLifetime
{
    private FakeOidcAuthority _authority = null!;

    public async Task InitializeAsync()
    {
        _authority = await FakeOidcAuthority.StartAsync();
        _authority.CreateKey("key-1");
        _authority.Publish("key-1");
    }

    public async Task DisposeAsync() => await _authority.DisposeAsync();

    private Authenticator NewAuthenticator(string algorithms = "RS256") => new(
        Options.Create(new AuthOptions
        {
            Authority = _authority.Authority,
            Audience = FakeOidcAuthority.Audience,
            Issuer = FakeOidcAuthority.Issuer,
            Algorithms = algorithms,
        }),
        TimeProvider.System,
        new HttpDocumentRetriever { RequireHttps = false });

    private static HttpRequest Bearer(string token)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Authorization = "Bearer " + token;
        return request;
    }

    private static async Task<DomainException> RefusedAsync(Authenticator authenticator, string token)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() => authenticator.AuthenticateAsync(Bearer(token), CancellationToken.None));
        Assert.Equal(ErrorKind.Unauthenticated, ex.Kind);
        return ex;
    }

    [Fact]
    public async Task ATokenSignedWithAPublishedKeyForTheApiIsAccepted()
    {
        var caller = await NewAuthenticator().AuthenticateAsync(Bearer(_authority.Token("key-1", subject: "ana")), CancellationToken.None);

        Assert.Equal("ana", caller.UserId);
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIsRefused()
    {
        var ex = await RefusedAsync(NewAuthenticator(), _authority.Token("key-1", audience: "api://another-api"));

        Assert.Contains("audience", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenFromAnotherIssuerIsRefused()
    {
        var ex = await RefusedAsync(NewAuthenticator(), _authority.Token("key-1", issuer: "https://login.example.test/other-tenant/v2.0"));

        Assert.Contains("issuer", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenSignedWithAnAlgorithmNotAllowedIsRefused()
    {
        var ex = await RefusedAsync(NewAuthenticator("RS256"), _authority.Token("key-1", SecurityAlgorithms.RsaSha512));

        Assert.Contains("algorithm", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnsignedTokenIsRefused() =>
        await RefusedAsync(NewAuthenticator(), FakeOidcAuthority.UnsignedToken());

    [Fact]
    public async Task ATokenSignedWithASharedSecretIsRefused() =>
        await RefusedAsync(NewAuthenticator(), FakeOidcAuthority.SymmetricToken("key-1"));

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    public async Task AMalformedTokenIsRefused(string token) =>
        await RefusedAsync(NewAuthenticator(), token);

    [Fact]
    public async Task AnAllowedEcKeyIsAccepted()
    {
        _authority.CreateKey("ec-1", ec: true);
        _authority.Publish("key-1", "ec-1");

        var caller = await NewAuthenticator("RS256,ES256").AuthenticateAsync(
            Bearer(_authority.Token("ec-1", SecurityAlgorithms.EcdsaSha256)), CancellationToken.None);

        Assert.Equal("user-1", caller.UserId);
    }

    [Fact]
    public async Task AfterAKeyRolloverTheNewKeyIsAcceptedOnceTheMetadataIsRefreshed()
    {
        var authenticator = NewAuthenticator();
        await authenticator.AuthenticateAsync(Bearer(_authority.Token("key-1")), CancellationToken.None);
        Assert.Equal(1, _authority.JwksReads);

        _authority.CreateKey("key-2");
        _authority.Publish("key-2");
        var caller = await authenticator.AuthenticateAsync(Bearer(_authority.Token("key-2", subject: "ben")), CancellationToken.None);

        Assert.Equal("ben", caller.UserId);
        Assert.Equal(2, _authority.JwksReads);
    }

    [Fact]
    public async Task UnknownKeysRefreshTheMetadataAtMostOncePerInterval()
    {
        var authenticator = NewAuthenticator();
        _authority.CreateKey("unpublished-1");
        _authority.CreateKey("unpublished-2");

        await RefusedAsync(authenticator, _authority.Token("unpublished-1"));
        await RefusedAsync(authenticator, _authority.Token("unpublished-2"));
        await RefusedAsync(authenticator, _authority.Token("unpublished-1"));

        Assert.Equal(2, _authority.JwksReads);
    }
}
