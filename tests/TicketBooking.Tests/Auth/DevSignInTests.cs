using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Auth;

/// <summary>The local host's development sign-in answers callers on this machine only.</summary>
public sealed class DevSignInTests(LocalHostFactory host) : IClassFixture<LocalHostFactory>
{
    private Task<HttpContext> RequestTokenFromAsync(IPAddress? remote) =>
        host.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Post;
            context.Request.Path = "/api/dev/token";
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"userId":"ana","roles":["organizer"]}"""));
            context.Connection.RemoteIpAddress = remote;
        });

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task ALoopbackCallerGetsAToken(string remote)
    {
        var context = await RequestTokenFromAsync(IPAddress.Parse(remote));

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("203.0.113.7")]
    [InlineData("2001:db8::1")]
    public async Task ARemoteCallerGetsNotFound(string remote)
    {
        var context = await RequestTokenFromAsync(IPAddress.Parse(remote));

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }

    [Fact]
    public async Task ACallerOfUnknownAddressGetsNotFound()
    {
        var context = await RequestTokenFromAsync(null);

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }
}
