using System.Net;

namespace TicketBooking.RateLimiting;

/// <summary>
/// The address a request is limited by: the first <c>X-Forwarded-For</c> entry when the host is behind a trusted
/// proxy, otherwise (or when that header holds no address) the connection's remote address.
/// </summary>
public static class ClientAddress
{
    public const string ForwardedForHeader = "X-Forwarded-For";

    /// <summary>The key for requests whose address is not known (no connection address, as in an in-process test server).</summary>
    public const string Unknown = "unknown";

    public static string Of(HttpRequest request, bool behindTrustedProxy)
    {
        if (behindTrustedProxy && FirstForwarded(request.Headers[ForwardedForHeader].ToString()) is { } forwarded)
        {
            return Normalize(forwarded);
        }

        return request.HttpContext.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : Unknown;
    }

    /// <summary>The first address in a header such as <c>203.0.113.7:51234, 10.0.0.4</c>; null when it is not an address.</summary>
    private static IPAddress? FirstForwarded(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }

        var comma = header.IndexOf(',', StringComparison.Ordinal);
        var first = (comma < 0 ? header : header[..comma]).Trim();
        return IPEndPoint.TryParse(first, out var endpoint) ? endpoint.Address : null;
    }

    /// <summary>
    /// One key per client: IPv4 mapped into IPv6 is the IPv4 address; an IPv6 address counts as its /64 network, the
    /// block one subscriber usually gets (otherwise a client could take a fresh bucket per request from its own block).
    /// </summary>
    private static string Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
