using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TicketBooking.Auth;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Tests.Support;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>
/// The waiting room's domain on a clock the test moves (<see cref="FakeTimeProvider"/>): the embedded event store, a
/// waiting room store (in memory unless given), the in-process join queue (on the real clock, so its waits end) and
/// as many drains as a test asks for.
/// </summary>
public sealed class WaitingRoomWorld
{
    public static readonly DateTimeOffset Start = new(2027, 5, 1, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);
    public InMemoryEventStore Events { get; } = new();
    public EventCatalog Catalog { get; }
    public IWaitingRoomStore Store { get; }
    public IJoinQueue Queue { get; } = new InProcessJoinQueue(Options.Create(new JoinQueueOptions { LockDuration = TimeSpan.FromSeconds(30) }), TimeProvider.System);
    public WaitingRoomOptions Settings { get; } = new() { PassSigningKey = TestWaitingRooms.SigningKey, DrainBatchSize = 50, RankingChunkSize = 10 };
    public WaitingRooms Rooms { get; }
    public InMemoryTicketInventory Inventory { get; }
    public ReturnedSeats Returned { get; } = new();
    public WaitingList List { get; }

    public WaitingRoomWorld(IWaitingRoomStore? store = null)
    {
        Store = store ?? new InMemoryWaitingRoomStore();
        var board = new AvailabilityBoard(Time);
        Inventory = new InMemoryTicketInventory(new TicketChangeObservers([board, Returned]), Time);
        Catalog = TestCatalog.Create(Events, Inventory, board, Time);
        List = NewList();
        Rooms = new WaitingRooms(Catalog, Store, Queue, TestWaitingRooms.Passes(Time), List, Time);
    }

    /// <summary>Another instance's waiting list over the same store and catalog.</summary>
    public WaitingList NewList(IWaitingRoomStore? store = null) =>
        new(Catalog, store ?? Store, NewRanking(store), Returned, Time, NullLogger<WaitingList>.Instance);

    public WaitingRoomDrain NewDrain(IWaitingRoomStore? store = null)
    {
        var options = Options.Create(Settings);
        var s = store ?? Store;
        return new WaitingRoomDrain(Queue, s, Events, NewRanking(s), new AdmissionMeter(s, Events, Time), options, Time, NullLogger<WaitingRoomDrain>.Instance);
    }

    public PrequeueRanking NewRanking(IWaitingRoomStore? store = null) =>
        new(store ?? Store, Events, Options.Create(Settings), Time, NullLogger<PrequeueRanking>.Instance);

    /// <summary>An event on sale with a waiting room opening now, its on-sale after <paramref name="onSaleIn"/>.</summary>
    public async Task<string> AddEventAsync(int admitPerMinute = 100, TimeSpan? onSaleIn = null, int passMinutes = 10, bool enabled = true)
    {
        var now = Time.GetUtcNow();
        var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
        var room = new WaitingRoomSettings(enabled, now, now + (onSaleIn ?? TimeSpan.Zero), admitPerMinute, passMinutes);
        await Catalog.AddAsync(new EventRecord(id, "Surge", ["Band"], "concert", "", new Venue("Arena", "City", ""), now.AddDays(30),
            [new SectionLayout("A", 2, 10, 50m, "USD")], EventStatus.Scheduled, "organizer", now, WaitingRoom: room), CancellationToken.None);
        return id;
    }

    /// <summary>An event on sale without a waiting room: 20 seats, section A, rows 1 and 2 of 10.</summary>
    public async Task<string> AddEventWithoutRoomAsync()
    {
        var now = Time.GetUtcNow();
        var id = "evt-" + Guid.NewGuid().ToString("N")[..12];
        await Catalog.AddAsync(new EventRecord(id, "Sold out", ["Band"], "concert", "", new Venue("Club", "City", ""), now.AddDays(30),
            [new SectionLayout("A", 2, 10, 50m, "USD")], EventStatus.Scheduled, "organizer", now), CancellationToken.None);
        return id;
    }

    /// <summary>Every seat of the event: section A, rows 1 and 2 of 10.</summary>
    public static IReadOnlyList<string> Seats { get; } =
        [.. Enumerable.Range(1, 2).SelectMany(row => Enumerable.Range(1, 10).Select(seat => Ticket.IdOf("A", row, seat)))];

    /// <summary>Holds every seat for reservation <c>sold</c> for a day: the event is sold out.</summary>
    public async Task SellOutAsync(string eventId)
    {
        var held = await Inventory.HoldAsync(eventId, "sold", Seats, Time.GetUtcNow().AddDays(1), CancellationToken.None);
        Assert.True(held.Succeeded);
    }

    /// <summary>Seats of the sold-out reservation come back (a cancellation, an expiry or a refund).</summary>
    public Task ReturnSeatsAsync(string eventId, int count, int skip = 0) =>
        Inventory.ReleaseAsync(eventId, "sold", Seats.Skip(skip).Take(count).ToArray(), CancellationToken.None);

    public static string User(int i) => "user-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Everyone joins, one after the other, a millisecond apart on the clock.</summary>
    public async Task JoinAsync(string eventId, IEnumerable<string> users)
    {
        foreach (var user in users)
        {
            await Rooms.JoinAsync(user, eventId, CancellationToken.None);
            Time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    /// <summary>Drain passes until one writes nothing.</summary>
    public async Task DrainAsync(WaitingRoomDrain? drain = null)
    {
        drain ??= NewDrain();
        while (await drain.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    public Task<QueueEntryView> EntryAsync(string eventId, string user) =>
        Rooms.GetEntryAsync(user, eventId, QueueIds.For(eventId, user), CancellationToken.None);

    public Caller Organizer { get; } = new("organizer", new HashSet<string> { Roles.Organizer });
}
