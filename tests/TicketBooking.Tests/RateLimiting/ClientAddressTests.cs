using System.Net;
using Microsoft.AspNetCore.Http;
using TicketBooking.RateLimiting;

namespace TicketBooking.Tests.RateLimiting;

public sealed class ClientAddressTests
{
    private static HttpRequest Request(string? remote, string? forwardedFor = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        if (forwardedFor is not null)
        {
            context.Request.Headers[ClientAddress.ForwardedForHeader] = forwardedFor;
        }

        return context.Request;
    }

    [Fact]
    public void WithoutATrustedProxyTheConnectionAddressCountsAndForwardedForIsIgnored()
    {
        Assert.Equal("192.0.2.10", ClientAddress.Of(Request("192.0.2.10", "203.0.113.7"), behindTrustedProxy: false));
    }

    [Fact]
    public void BehindATrustedProxyTheFirstForwardedAddressCounts()
    {
        Assert.Equal("203.0.113.7", ClientAddress.Of(Request("127.0.0.1", "203.0.113.7:51234, 10.0.0.4"), behindTrustedProxy: true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("not-an-address, 10.0.0.4")]
    public void BehindATrustedProxyAForwardedForWithoutAnAddressFallsBackToTheConnection(string header)
    {
        Assert.Equal("192.0.2.10", ClientAddress.Of(Request("192.0.2.10", header), behindTrustedProxy: true));
    }

    [Fact]
    public void AnIpv6ClientCountsAsItsSlash64Network()
    {
        var one = ClientAddress.Of(Request("2001:db8:1:2::10"), behindTrustedProxy: false);
        var other = ClientAddress.Of(Request("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), behindTrustedProxy: false);
        var forwarded = ClientAddress.Of(Request("127.0.0.1", "[2001:db8:1:2::99]:443"), behindTrustedProxy: true);

        Assert.Equal("2001:db8:1:2::/64", one);
        Assert.Equal(one, other);
        Assert.Equal(one, forwarded);
        Assert.NotEqual(one, ClientAddress.Of(Request("2001:db8:1:3::10"), behindTrustedProxy: false));
    }

    [Fact]
    public void AnIpv4AddressMappedIntoIpv6IsTheIpv4Address()
    {
        Assert.Equal("192.0.2.10", ClientAddress.Of(Request("::ffff:192.0.2.10"), behindTrustedProxy: false));
    }

    [Fact]
    public void ARequestWithNoKnownAddressSharesTheUnknownKey()
    {
        Assert.Equal(ClientAddress.Unknown, ClientAddress.Of(Request(null), behindTrustedProxy: false));
    }
}
