using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TicketBooking.Http;

namespace TicketBooking.Tests.Http;

public sealed class ThreadPoolFloorTests
{
    [Fact]
    public async Task AnInstanceThatStreamsKeepsAtLeastTheConfiguredPoolThreadsReady()
    {
        ThreadPool.GetMinThreads(out var before, out _);
        var floor = before + 7;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Streams:MinPoolThreads"] = floor.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddServerSentEvents(configuration).BuildServiceProvider();

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        ThreadPool.GetMinThreads(out var after, out _);
        Assert.True(after >= floor, $"The pool keeps {after} worker threads ready, fewer than the {floor} configured.");
    }
}
