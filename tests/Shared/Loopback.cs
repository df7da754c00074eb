using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TicketBooking.Testing;

/// <summary>
/// Loopback ports for the servers the tests and benchmarks start, in one place (compiled into each test project).
/// A server that can bind port 0 does (<see cref="AnyPort"/>) and is asked afterwards which port it got, so nothing can
/// take the port between choosing and binding. A program that must be told its port up front is started on a port
/// free now and started again on another when it could not bind it (<see cref="OnFreePort{T}"/>).
/// </summary>
internal static partial class Loopback
{
    /// <summary>The URL to bind for "any free loopback port".</summary>
    public const string AnyPort = "http://127.0.0.1:0";

    /// <summary>Starts of a program on a port chosen here before one is given up.</summary>
    public const int Attempts = 5;

    /// <summary>ASP.NET Core's start-up line naming the address it bound (category <c>Microsoft.Hosting.Lifetime</c>, level Information).</summary>
    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    public static partial Regex NowListeningOn();

    /// <summary>Starts something that must be told its port: on a port free now, and again on another when the start fails.</summary>
    public static T OnFreePort<T>(Func<int, T> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return start(PortFreeNow());
            }
            catch (Exception) when (attempt < Attempts)
            {
                // Another program took the port between the choice and the bind: try another.
            }
        }
    }

    /// <summary>The asynchronous <see cref="OnFreePort{T}"/>.</summary>
    public static async Task<T> OnFreePortAsync<T>(Func<int, Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(PortFreeNow());
            }
            catch (Exception) when (attempt < Attempts)
            {
                // Another program took the port between the choice and the bind: try another.
            }
        }
    }

    /// <summary>A port nothing listens on at this moment: for an address nothing binds, or through <see cref="OnFreePort{T}"/>.</summary>
    public static int PortFreeNow()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
