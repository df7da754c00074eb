extern alias functions;

using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TicketBooking.Http;
using TicketBooking.Tests.Support;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Hosting;

/// <summary>
/// Both hosts bind the same handlers to the same routes, and run the same background work. These tests fail when a
/// route is added to one host and not the other, when the built Functions app stops declaring its HTTP functions, or
/// when the local host runs a background job or durable task the Functions app has no counterpart for.
/// </summary>
public sealed class RouteParityTests : IClassFixture<LocalHostFactory>
{
    /// <summary>Routes only the local host serves (development sign-in and the simulator's 3-D Secure step are never deployed).</summary>
    internal static readonly HashSet<string> LocalOnly = [$"POST {ApiRoutes.DevToken}", $"POST {ApiRoutes.DevPaymentAuthentication}"];

    private readonly LocalHostFactory _host;

    public RouteParityTests(LocalHostFactory host) => _host = host;

    /// <summary>Every HTTP route of the Functions app, as <c>"GET event/{eventId}"</c> (relative to the /api prefix).</summary>
    internal static SortedSet<string> FunctionRoutes() =>
        new(typeof(FunctionsApp.Catalog.CatalogFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Where(a => a is not null))
            .SelectMany(a => a!.Methods!.Select(verb => $"{verb.ToUpperInvariant()} {a.Route}")));

    /// <summary>Every route of the local host under /api, as <see cref="FunctionRoutes"/> names them (the Functions app serves nothing else).</summary>
    internal static SortedSet<string> LocalRoutes(IServiceProvider services) =>
        new(services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/" + ApiRoutes.Prefix + "/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(verb =>
                $"{verb} {e.RoutePattern.RawText!.TrimStart('/')[(ApiRoutes.Prefix.Length + 1)..]}")));

    [Fact]
    public void BothHostsServeTheSameRoutes()
    {
        var functionRoutes = FunctionRoutes();
        var localRoutes = new SortedSet<string>(LocalRoutes(_host.Services).Where(r => !LocalOnly.Contains(r)));

        Assert.NotEmpty(functionRoutes);
        Assert.Equal(functionRoutes, localRoutes);
    }

    [Fact]
    public void TheFunctionsAppNeverServesTheDevelopmentSignIn()
    {
        Assert.DoesNotContain(FunctionRoutes(), r => r.EndsWith(ApiRoutes.DevToken, StringComparison.Ordinal));
        Assert.DoesNotContain(FunctionRoutes(), r => r.EndsWith(ApiRoutes.DevPaymentAuthentication, StringComparison.Ordinal));
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

    /// <summary>How the Functions app does what one of the local host's hosted services does.</summary>
    private enum Counterpart
    {
        /// <summary>The same hosted service runs in the Functions app (both hosts register it through the library).</summary>
        SameHostedService,

        /// <summary>A timer-triggered function of the Functions app, named in <see cref="BackgroundJob.Function"/>.</summary>
        TimerFunction,

        /// <summary>The Functions host's Durable extension is the engine: the app must report its orchestrations.</summary>
        DurableExtension,

        /// <summary>The Functions worker runs the durable tasks: the same registry as the local worker.</summary>
        DurableWorker,

        /// <summary>Only the local host needs it; <see cref="BackgroundJob.Why"/> says why.</summary>
        LocalOnly,
    }

    private sealed record BackgroundJob(Counterpart Counterpart, string? Function = null, string? Why = null);

    /// <summary>Every hosted service the local host runs (by class name), and what does its work in the Functions app.</summary>
    private static readonly Dictionary<string, BackgroundJob> LocalJobs = new(StringComparer.Ordinal)
    {
        ["SearchStartup"] = new(Counterpart.LocalOnly, Why: "Lucene is filled from the catalog at start; Azure AI Search has SearchIndexKeeper, which creates the index and refills it when it had to be created."),
        ["CosmosInitializer"] = new(Counterpart.SameHostedService),
        ["CosmosTicketChangeFeed"] = new(Counterpart.SameHostedService),
        // Each instance expires the holds it made at their end (and the store's orphaned ones), in both hosts alike.
        ["HoldExpiry"] = new(Counterpart.SameHostedService),
        ["ThreadPoolFloor"] = new(Counterpart.SameHostedService),
        ["WaitingListWatcher"] = new(Counterpart.SameHostedService),
        // Locally ticket and event writes reach Lucene in process; in Azure a timer drains the Cosmos change feeds into Azure AI Search.
        ["SearchSync"] = new(Counterpart.TimerFunction, Function: "SearchSync"),
        ["DurableSidecar"] = new(Counterpart.DurableExtension),
        ["GrpcDurableTaskWorker"] = new(Counterpart.DurableWorker),
        ["FinishedInstancePurger"] = new(Counterpart.LocalOnly, Why: "the local engine keeps finished instances in memory until purged"),
        ["DemoSeeder"] = new(Counterpart.LocalOnly, Why: "the demo catalog is for local runs"),
        // Locally a loop drains the in-process join queue; in Azure a timer function drains Service Bus a bounded time every 5 seconds.
        ["WaitingRoomDrainLoop"] = new(Counterpart.TimerFunction, Function: "WaitingRoomDrain"),
    };

    /// <summary>The hosted services of the app's own code and of Durable Task (not ASP.NET Core's or the Functions worker's plumbing).</summary>
    private static SortedSet<string> AppHostedServices(IServiceProvider services) =>
        new(services.GetServices<IHostedService>().Select(s => s.GetType())
            .Where(t => t.Namespace is { } ns && (ns.StartsWith("TicketBooking", StringComparison.Ordinal) || ns.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal)))
            .Select(t => t.Name), StringComparer.Ordinal);

    /// <summary>The local host's hosted services in embedded mode (with the demo catalog) and in emulated mode (Cosmos).</summary>
    private static SortedSet<string> LocalHostedServices()
    {
        string[][] modes =
        [
            ["--Seed:Demo=true"],
            ["--Seed:Demo=false", "--Data:Provider=Cosmos", "--Cosmos:AccountEndpoint=https://127.0.0.1:1/", "--Cosmos:AccountKey=" + Convert.ToBase64String(new byte[64]),
                "--Cosmos:ConnectionMode=Gateway", "--Cosmos:LocalServer=true"],
        ];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var args in modes)
        {
            // Built, never started: nothing connects anywhere.
            using var app = (IDisposable)TicketBooking.Local.LocalHost.Create(args);
            names.UnionWith(AppHostedServices(((IHost)app).Services));
        }

        return names;
    }

    [Fact]
    public void EveryBackgroundJobOfTheLocalHostHasAKnownCounterpartInTheFunctionsApp()
    {
        var local = LocalHostedServices();

        Assert.Contains("SearchSync", local);
        Assert.Contains("CosmosTicketChangeFeed", local);
        Assert.All(local, name => Assert.True(LocalJobs.ContainsKey(name),
            $"The local host runs {name}; say in {nameof(LocalJobs)} what does its work in the Functions app."));
    }

    [Fact]
    public async Task TheFunctionsAppRunsTheCounterpartOfEveryLocalBackgroundJob()
    {
        using var functionsApp = FunctionsAppHost.Build();
        var hosted = AppHostedServices(functionsApp.Services);
        var reported = await FunctionsAppHost.ReportedFunctionsAsync(functionsApp);
        var (orchestrators, activities) = DurableTasks.Registered(functionsApp.Services);

        foreach (var (name, job) in LocalJobs)
        {
            switch (job.Counterpart)
            {
                case Counterpart.SameHostedService:
                    Assert.True(hosted.Contains(name), $"{name} runs locally but not in the Functions app (it runs: {string.Join(", ", hosted)}).");
                    break;
                case Counterpart.TimerFunction:
                    Assert.True(reported.TryGetValue(job.Function!, out var trigger) && trigger == "timerTrigger",
                        $"{name} runs locally; the Functions app has no timer function {job.Function}.");
                    break;
                case Counterpart.DurableExtension:
                    Assert.All(orchestrators, o => Assert.Equal("orchestrationTrigger", reported.GetValueOrDefault(o)));
                    Assert.All(activities, a => Assert.Equal("activityTrigger", reported.GetValueOrDefault(a)));
                    break;
                case Counterpart.DurableWorker:
                    Assert.NotEmpty(orchestrators);
                    break;
                case Counterpart.LocalOnly:
                    Assert.False(string.IsNullOrWhiteSpace(job.Why));
                    break;
            }
        }
    }

    [Fact]
    public void EveryTimerFunctionOfTheFunctionsAppStandsForALocalBackgroundJob()
    {
        var timers = FunctionsAppHost.Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);

        Assert.NotEmpty(timers);
        Assert.All(timers, timer => Assert.Contains(LocalJobs.Values, job => job.Counterpart == Counterpart.TimerFunction && job.Function == timer));
    }

    [Fact]
    public void BothHostsRegisterTheSameDurableTasks()
    {
        using var functionsApp = FunctionsAppHost.Build();
        var inAzure = DurableTasks.Registered(functionsApp.Services);

        var local = DurableTasks.Registered(_host.Services);

        Assert.NotEmpty(inAzure.Orchestrators);
        Assert.Equal(inAzure.Orchestrators, local.Orchestrators);
        Assert.Equal(inAzure.Activities, local.Activities);
    }
}
