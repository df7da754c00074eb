using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Hosting;
using TicketBooking.Inventory;
using TicketBooking.Search;

namespace TicketBooking.Tests.Hosting;

/// <summary>Each <c>AddXxx()</c> adds its own parts; none rewrites another's, so their order does not matter.</summary>
public sealed class ServiceRegistrationTests
{
    private static readonly Dictionary<string, string?> Embedded = new();

    private static readonly Dictionary<string, string?> Azure = new()
    {
        ["Data:Provider"] = "Cosmos",
        ["Search:Provider"] = "AzureAISearch",
        ["Search:Endpoint"] = "https://example.search.windows.net",
    };

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool dataFirst)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        if (dataFirst)
        {
            services.AddData(configuration).AddSearch(configuration);
        }
        else
        {
            services.AddSearch(configuration).AddData(configuration);
        }

        return services.BuildServiceProvider();
    }

    public static TheoryData<string> Setups => ["embedded", "azure"];

    [Theory]
    [MemberData(nameof(Setups))]
    public void TicketWritesReachTheBoardAndSearchWhicheverIsAddedFirst(string setup)
    {
        var settings = setup == "azure" ? Azure : Embedded;
        using var dataFirst = Build(settings, dataFirst: true);
        using var searchFirst = Build(settings, dataFirst: false);

        foreach (var provider in new[] { dataFirst, searchFirst })
        {
            var observers = provider.GetRequiredService<TicketChangeObservers>().Observers;
            Assert.Equal(2, observers.Count);
            Assert.Contains(provider.GetRequiredService<AvailabilityBoard>(), observers);
            Assert.Contains(provider.GetRequiredService<SearchChangeQueue>(), observers);
            Assert.Equal(observers, provider.GetServices<ITicketChangeObserver>());
        }
    }

    [Fact]
    public async Task AHoldReachesBothObserversThroughTheInventory()
    {
        using var provider = Build(Embedded, dataFirst: false);
        var inventory = provider.GetRequiredService<ITicketInventory>();
        var board = provider.GetRequiredService<AvailabilityBoard>();
        var queue = provider.GetRequiredService<SearchChangeQueue>();
        var tickets = Enumerable.Range(1, 3).Select(s => new Ticket("evt-1", Ticket.IdOf("A", 1, s), "A", 1, s, 10m, "USD")).ToArray();
        await inventory.AddTicketsAsync("evt-1", tickets);
        var eventBoard = await board.GetAsync("evt-1", ct => inventory.GetTicketsAsync("evt-1", null, ct), CancellationToken.None);

        await inventory.HoldAsync("evt-1", "res-1", ["A-1-1"], DateTimeOffset.UtcNow.AddMinutes(10));

        Assert.Equal(1, eventBoard.Snapshot().Sections.Single().Held);
        Assert.Equal(["evt-1"], queue.TakeAvailabilityChanges());
    }

    [Fact]
    public void InAzureTheTicketsFeedStartsFromSearchsCheckpointWhicheverIsAddedFirst()
    {
        using var dataFirst = Build(Azure, dataFirst: true);
        using var searchFirst = Build(Azure, dataFirst: false);
        using var embedded = Build(Embedded, dataFirst: true);

        Assert.NotNull(dataFirst.GetService<TicketFeedStart>());
        Assert.NotNull(searchFirst.GetService<TicketFeedStart>());
        Assert.Null(embedded.GetService<TicketFeedStart>());
    }
}
