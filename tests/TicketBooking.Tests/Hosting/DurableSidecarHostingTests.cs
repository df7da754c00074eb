using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Hosting;

/// <summary>
/// The local host's Durable sidecar is a host of its own, started while the application's host starts.
/// WebApplicationFactory applies its test settings and its in-memory server to every host built in the flow of the
/// entry point it runs, for as long as it listens for the application's host: it stops listening once that host is
/// built, but on a busy machine the application's start could reach the sidecar first. The sidecar then ran on the
/// in-memory server and every call to it was refused. This test keeps listening through the whole start, so that
/// race always goes the bad way.
/// </summary>
public sealed class DurableSidecarHostingTests
{
    private static readonly AsyncLocal<bool> InApplicationFlow = new();

    private sealed class MarkingHost : LocalHostFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);

            // Runs while the application's host is built, in the flow that goes on to start it.
            builder.ConfigureServices(_ => InApplicationFlow.Value = true);
        }
    }

    /// <summary>Notes every host built in the application's flow, as WebApplicationFactory's listener would take it.</summary>
    private sealed class HostBuildingWatcher(ConcurrentQueue<string> builtInApplicationFlow)
        : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                value.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "HostBuilding" && InApplicationFlow.Value)
            {
                builtInApplicationFlow.Enqueue(value.Value?.GetType().Name ?? "a host");
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    [Fact]
    public async Task TheSidecarsHostIsNotBuiltInTheFlowThatStartsTheApplication()
    {
        var builtInApplicationFlow = new ConcurrentQueue<string>();
        using var watching = DiagnosticListener.AllListeners.Subscribe(new HostBuildingWatcher(builtInApplicationFlow));
        await using var host = new MarkingHost();

        var instance = await host.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync("no-such-instance");

        Assert.Null(instance);
        Assert.Empty(builtInApplicationFlow);
    }
}
