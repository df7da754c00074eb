extern alias functions;

using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Http;
using TicketBooking.Tests.Support;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Hosting;

/// <summary>
/// Both hosts bind the same handlers to the same routes. These tests fail when a route is added to one host
/// and not the other, or when the built Functions app stops declaring its HTTP functions.
/// </summary>
public sealed class RouteParityTests : IClassFixture<LocalHostFactory>
{
    /// <summary>Routes only the local host serves (development sign-in is never deployed).</summary>
    private static readonly HashSet<string> LocalOnly = [$"POST {ApiRoutes.DevToken}"];

    private readonly LocalHostFactory _host;

    public RouteParityTests(LocalHostFactory host) => _host = host;

    private static SortedSet<string> FunctionRoutes() =>
        new(typeof(FunctionsApp.Catalog.CatalogFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Where(a => a is not null))
            .SelectMany(a => a!.Methods!.Select(verb => $"{verb.ToUpperInvariant()} {a.Route}")));

    private SortedSet<string> LocalRoutes() =>
        new(_host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(verb =>
                $"{verb} {e.RoutePattern.RawText!.TrimStart('/')[(ApiRoutes.Prefix.Length + 1)..]}"))
            .Where(r => !LocalOnly.Contains(r)));

    [Fact]
    public void BothHostsServeTheSameRoutes()
    {
        var functionRoutes = FunctionRoutes();
        var localRoutes = LocalRoutes();

        Assert.NotEmpty(functionRoutes);
        Assert.Equal(functionRoutes, localRoutes);
    }

    [Fact]
    public void TheFunctionsAppNeverServesTheDevelopmentSignIn()
    {
        Assert.DoesNotContain(FunctionRoutes(), r => r.EndsWith(ApiRoutes.DevToken, StringComparison.Ordinal));
    }

    [Fact]
    public void TheBuiltFunctionsMetadataListsEveryHttpFunction()
    {
        var metadataPath = Path.Combine(Path.GetDirectoryName(typeof(FunctionsApp.Catalog.CatalogFunctions).Assembly.Location)!, "functions.metadata");
        if (!File.Exists(metadataPath))
        {
            metadataPath = Directory.GetFiles(Path.Combine(RepoPaths.Root, "functions", "TicketBooking.Functions", "bin"), "functions.metadata",
                SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).First();
        }

        using var metadata = JsonDocument.Parse(File.ReadAllText(metadataPath));
        var declared = new SortedSet<string>(metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()!.ToUpperInvariant()} {b.GetProperty("route").GetString()}")));

        Assert.Equal(FunctionRoutes(), declared);
    }
}
