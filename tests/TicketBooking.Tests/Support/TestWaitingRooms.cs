using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.Catalog;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.Support;

/// <summary>The waiting room over the embedded store and the in-process join queue, for tests that build the domain by hand.</summary>
public static class TestWaitingRooms
{
    /// <summary>A pass signing key for tests (32 bytes).</summary>
    public static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static QueuePasses Passes(TimeProvider time, string? key = null) =>
        new(Options.Create(new WaitingRoomOptions { PassSigningKey = key ?? SigningKey }), time);

    public static WaitingRooms Create(EventCatalog catalog, TimeProvider time, IWaitingRoomStore? store = null, IJoinQueue? queue = null)
    {
        store ??= new InMemoryWaitingRoomStore();
        var options = Options.Create(new WaitingRoomOptions { PassSigningKey = SigningKey });
        var list = new WaitingList(catalog, store, new PrequeueRanking(store, new InMemoryEventStore(), options, time, NullLogger<PrequeueRanking>.Instance),
            new ReturnedSeats(), time, NullLogger<WaitingList>.Instance);
        return new(catalog, store, queue ?? new InProcessJoinQueue(Options.Create(new JoinQueueOptions()), time), Passes(time), list, time);
    }
}
