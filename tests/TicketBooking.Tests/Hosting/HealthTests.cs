using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Hosting;
using TicketBooking.Search;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Hosting;

/// <summary><c>/api/health</c> is a cheap liveness answer; <c>/api/health/ready</c> checks each dependency with a timeout.</summary>
public sealed class HealthTests(LocalHostFactory host) : IClassFixture<LocalHostFactory>
{
    private sealed class CountingCheck(string name, Func<CancellationToken, Task> probe) : IReadinessCheck
    {
        public int Calls;

        public string Name => name;

        public Task CheckAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return probe(cancellationToken);
        }
    }

    private HttpClient ClientWith(params IReadinessCheck[] checks) =>
        host.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            foreach (var check in checks)
            {
                services.AddSingleton(check);
            }
        })).CreateClient();

    private static string StatusOf(JsonObject ready, string check) =>
        ready["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == check)!["status"]!.GetValue<string>();

    [Fact]
    public async Task ReadyAnswers200WhenTheStoresAndTheSearchIndexAnswer()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/api/health/ready");
        var ready = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", ready!["status"]!.GetValue<string>());
        Assert.Equal("ok", StatusOf(ready, TicketBookingServices.StoresCheck));
        Assert.Equal("ok", StatusOf(ready, SearchServices.ReadyCheck));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task AFailingAndAHangingDependencyMakeReady503NamingEachWithinTheTimeout()
    {
        var broken = new CountingCheck("join-queue", _ => throw new InvalidOperationException("connection refused by 10.0.0.7"));
        var hanging = new CountingCheck("hanging", ct => Task.Delay(Timeout.InfiniteTimeSpan, ct));
        using var client = ClientWith(broken, hanging);
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync("/api/health/ready");
        var ready = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("failing", ready!["status"]!.GetValue<string>());
        Assert.Equal("failed", StatusOf(ready, "join-queue"));
        Assert.Equal("timeout", StatusOf(ready, "hanging"));
        Assert.Equal("ok", StatusOf(ready, TicketBookingServices.StoresCheck));
        Assert.DoesNotContain("10.0.0.7", ready.ToJsonString(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < HealthApi.CheckTimeout + TimeSpan.FromSeconds(10), $"The ready answer took {clock.Elapsed}.");
    }

    [Fact]
    public async Task LivenessChecksNoDependency()
    {
        var counted = new CountingCheck("counted", _ => Task.CompletedTask);
        using var client = ClientWith(counted);

        using var response = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, counted.Calls);
    }
}
