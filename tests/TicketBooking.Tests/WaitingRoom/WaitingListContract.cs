using TicketBooking.Cosmos;
using TicketBooking.Tests.Support;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>
/// The waiting list of sold-out events over each waiting room store (in memory, and on the Cosmos-protocol server):
/// returned seats admit the next people in line, as many as came back, once, in order.
/// </summary>
public abstract class WaitingListContract
{
    protected abstract IWaitingRoomStore CreateStore();

    private static async Task<(WaitingRoomWorld World, string EventId, string[] Users)> SoldOutWithLineAsync(IWaitingRoomStore store, int people)
    {
        var world = new WaitingRoomWorld(store);
        var eventId = await world.AddEventWithoutRoomAsync();
        await world.SellOutAsync(eventId);
        var users = Enumerable.Range(0, people).Select(WaitingRoomWorld.User).ToArray();
        await world.JoinAsync(eventId, users);
        await world.DrainAsync();
        return (world, eventId, users);
    }

    /// <summary>A fresh instance's rooms: no progress cached from before.</summary>
    private static WaitingRooms FreshRooms(WaitingRoomWorld world) =>
        new(world.Catalog, world.Store, world.Queue, TestWaitingRooms.Passes(world.Time), world.List, world.Time);

    private static async Task<QueueEntryView[]> EntriesAsync(WaitingRoomWorld world, string eventId, IEnumerable<string> users)
    {
        var rooms = FreshRooms(world);
        var views = new List<QueueEntryView>();
        foreach (var user in users)
        {
            views.Add(await rooms.GetEntryAsync(user, eventId, QueueIds.For(eventId, user), CancellationToken.None));
        }

        return [.. views];
    }

    [Fact]
    public async Task ReturnedSeatsAdmitAsManyPeopleAsCameBackInOrderOfArrival()
    {
        var (world, eventId, users) = await SoldOutWithLineAsync(CreateStore(), 8);
        var before = await EntriesAsync(world, eventId, users);
        Assert.All(before, e => Assert.Equal(QueueStatus.Waiting, e.Status));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long?)i), before.Select(e => e.Ahead));

        await world.ReturnSeatsAsync(eventId, 3);
        Assert.Equal(3, await world.List.AdmitAsync(eventId, CancellationToken.None));
        Assert.Equal(0, await world.List.AdmitAsync(eventId, CancellationToken.None));

        var after = await EntriesAsync(world, eventId, users);
        Assert.Equal([.. Enumerable.Repeat(QueueStatus.Admitted, 3), .. Enumerable.Repeat(QueueStatus.Waiting, 5)], after.Select(e => e.Status));
        var passes = TestWaitingRooms.Passes(world.Time);
        Assert.All(after.Take(3).Zip(users), p => Assert.True(passes.IsValid(p.First.Pass, p.Second, eventId)));
        Assert.Equal(world.Time.GetUtcNow().AddMinutes(WaitingRoomRules.DefaultPassMinutes), after[0].PassExpiresAt);
        Assert.Equal([0L, 1, 2, 3, 4], after.Skip(3).Select(e => e.Ahead!.Value));
        var state = await FreshRooms(world).GetStateAsync(eventId, CancellationToken.None);
        Assert.True(state.ListOpen);
        Assert.Equal(5, state.Waiting);
        Assert.Equal(3, (await world.Store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value.Returned);

        await world.ReturnSeatsAsync(eventId, 2, skip: 3);
        Assert.Equal(2, await world.List.AdmitAsync(eventId, CancellationToken.None));
        Assert.Equal([QueueStatus.Admitted, QueueStatus.Admitted, QueueStatus.Waiting],
            (await EntriesAsync(world, eventId, users.Skip(3).Take(3))).Select(e => e.Status));
    }

    [Fact]
    public async Task TwoInstancesSeeingTheSameReturnedSeatsAdmitOnce()
    {
        var (world, eventId, users) = await SoldOutWithLineAsync(CreateStore(), 10);
        var instances = new[] { world.List, world.NewList(), world.NewList() };

        await world.ReturnSeatsAsync(eventId, 4);
        var admitted = await Task.WhenAll(instances.SelectMany(_ => instances).Select(list => list.AdmitAsync(eventId, CancellationToken.None)));

        Assert.Equal(4, admitted.Sum());
        Assert.Equal(4, (await world.Store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value.Returned);
        Assert.Equal(4, (await EntriesAsync(world, eventId, users)).Count(e => e.Status == QueueStatus.Admitted));
    }

    [Fact]
    public async Task AnUnusedPassThatLapsesGivesItsPlaceToTheNextInLine()
    {
        var (world, eventId, users) = await SoldOutWithLineAsync(CreateStore(), 3);
        await world.ReturnSeatsAsync(eventId, 1);
        Assert.Equal(1, await world.List.AdmitAsync(eventId, CancellationToken.None));

        world.Time.Advance(TimeSpan.FromMinutes(WaitingRoomRules.DefaultPassMinutes) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await world.List.AdmitAsync(eventId, CancellationToken.None));
        world.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await world.List.AdmitAsync(eventId, CancellationToken.None));

        var entries = await EntriesAsync(world, eventId, users);
        Assert.Equal([QueueStatus.Expired, QueueStatus.Admitted, QueueStatus.Waiting], entries.Select(e => e.Status));
    }

    [Fact]
    public async Task ASeatThatComesBackWhileItsPassHolderStillHasAPassIsNotGivenToASecondPerson()
    {
        var (world, eventId, users) = await SoldOutWithLineAsync(CreateStore(), 3);
        await world.ReturnSeatsAsync(eventId, 1);
        Assert.Equal(1, await world.List.AdmitAsync(eventId, CancellationToken.None));

        // The first in line holds the returned seat, then lets it go while the pass still runs.
        var seat = WaitingRoomWorld.Seats[0];
        Assert.True((await world.Inventory.HoldAsync(eventId, "first", [seat], world.Time.GetUtcNow().AddMinutes(10), CancellationToken.None)).Succeeded);
        Assert.Equal(0, await world.List.AdmitAsync(eventId, CancellationToken.None));
        Assert.Equal(1, await world.Inventory.ReleaseAsync(eventId, "first", [seat], CancellationToken.None));

        Assert.Equal(0, await world.List.AdmitAsync(eventId, CancellationToken.None));
        Assert.Equal([QueueStatus.Admitted, QueueStatus.Waiting, QueueStatus.Waiting], (await EntriesAsync(world, eventId, users)).Select(e => e.Status));
    }

    [Fact]
    public async Task AnAdmissionInterruptedByACrashIsMadeByTheNextLook()
    {
        var failing = new FailingWaitingRoomStore(CreateStore());
        var (world, eventId, users) = await SoldOutWithLineAsync(failing, 3);
        await world.ReturnSeatsAsync(eventId, 2);

        failing.FailProgressWrites = 1;
        await Assert.ThrowsAsync<IOException>(() => world.List.AdmitAsync(eventId, CancellationToken.None));
        Assert.Equal(0, (await world.Store.GetProgressAsync(eventId, CancellationToken.None))!.Value.Value.Returned);

        Assert.Equal(2, await world.NewList().AdmitAsync(eventId, CancellationToken.None));
        Assert.Equal([QueueStatus.Admitted, QueueStatus.Admitted, QueueStatus.Waiting], (await EntriesAsync(world, eventId, users)).Select(e => e.Status));
    }

    [Fact]
    public async Task AnOpenListIsFoundByAnotherInstanceAfterAStart()
    {
        var (world, eventId, _) = await SoldOutWithLineAsync(CreateStore(), 2);
        var restarted = new ReturnedSeats();
        var list = new WaitingList(world.Catalog, world.Store, world.NewRanking(), restarted, world.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<WaitingList>.Instance);

        await list.RefreshAsync(CancellationToken.None);
        await world.ReturnSeatsAsync(eventId, 1);

        Assert.Contains(eventId, restarted.OpenLists);
        Assert.Equal(1, await list.AdmitAllAsync(CancellationToken.None));
    }
}

public sealed class InMemoryWaitingListTests : WaitingListContract
{
    protected override IWaitingRoomStore CreateStore() => new InMemoryWaitingRoomStore();
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosWaitingListTests(CosmosServerFixture cosmos) : WaitingListContract
{
    protected override IWaitingRoomStore CreateStore() => new CosmosWaitingRoomStore(cosmos.Database.GetContainer(Containers.WaitingRoom));
}
