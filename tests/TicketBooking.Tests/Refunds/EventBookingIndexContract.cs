using TicketBooking.Refunds;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Refunds;

/// <summary>What every event booking index must do: in memory, and on the Cosmos-protocol server.</summary>
public abstract class EventBookingIndexContract
{
    protected abstract IEventBookingIndex CreateIndex();

    private static string NewEventId() => "evt-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task AnEventsEntriesAreListedOnceEachInPagesAndNoOtherEventsOnes()
    {
        var index = CreateIndex();
        var eventId = NewEventId();
        var entries = Enumerable.Range(0, 25).Select(i => new EventBooking($"bkg-{i:D3}", eventId, $"user-{i}", $"res-{i}")).ToArray();
        foreach (var entry in entries.Reverse())
        {
            await index.AddAsync(entry);
        }

        await index.AddAsync(entries[3] with { UserId = "someone-else" });
        await index.AddAsync(new EventBooking("bkg-999", NewEventId(), "user-x", "res-x"));

        var listed = new List<EventBooking>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await index.ListAsync(eventId, 10, after);
            listed.AddRange(page.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null);

        Assert.Equal(entries, listed);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task AnEventWithoutBookingsListsNothing()
    {
        var page = await CreateIndex().ListAsync(NewEventId(), 10);

        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task ProgressIsStoredPerEventAndReplacedWhole()
    {
        var index = CreateIndex();
        var eventId = NewEventId();
        var now = DateTimeOffset.UtcNow;
        await index.AddAsync(new EventBooking("bkg-001", eventId, "u", "res-1"));

        await index.SaveProgressAsync(new CancellationProgress(eventId, CancellationState.Refunding, 10, 2, 0, [], now, now));
        await index.SaveProgressAsync(new CancellationProgress(eventId, CancellationState.Completed, 10, 9, 1, [new RefundFailure("bkg-1", "u", "declined")],
            now, now, now));

        var progress = await index.GetProgressAsync(eventId);
        Assert.NotNull(progress);
        Assert.Equal(CancellationState.Completed, progress.State);
        Assert.Equal((10, 9, 1), (progress.Total, progress.Refunded, progress.Failed));
        Assert.Equal("declined", Assert.Single(progress.Failures).Reason);
        Assert.Null(await index.GetProgressAsync(NewEventId()));
        Assert.Single((await index.ListAsync(eventId, 10)).Items);
    }
}

public sealed class InMemoryEventBookingIndexTests : EventBookingIndexContract
{
    protected override IEventBookingIndex CreateIndex() => new InMemoryEventBookingIndex();
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosEventBookingIndexTests(CosmosServerFixture cosmos) : EventBookingIndexContract
{
    protected override IEventBookingIndex CreateIndex() =>
        new CosmosEventBookingIndex(cosmos.Database.GetContainer(TicketBooking.Cosmos.Containers.EventBookings));
}
