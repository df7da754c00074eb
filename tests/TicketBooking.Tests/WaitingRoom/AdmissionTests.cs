using TicketBooking.WaitingRoom;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>Admission by wall clock, through the waiting room's own reads, on a clock the test moves.</summary>
public sealed class AdmissionTests
{
    [Fact]
    public async Task OverASimulatedHourEachMinuteAdmitsTheRateWithinFivePercent()
    {
        var world = new WaitingRoomWorld();
        const int rate = 120;
        var eventId = await world.AddEventAsync(admitPerMinute: rate);
        await world.JoinAsync(eventId, Enumerable.Range(0, 8000).Select(WaitingRoomWorld.User));
        await world.DrainAsync();

        var before = (await world.Rooms.GetStateAsync(eventId, CancellationToken.None)).Serving;
        for (var minute = 1; minute <= 60; minute++)
        {
            // Ticks come at uneven times (7 s, then the rest of the minute): the count follows the clock, not the ticks.
            world.Time.Advance(TimeSpan.FromSeconds(7));
            world.Time.Advance(TimeSpan.FromSeconds(53));
            var serving = (await world.Rooms.GetStateAsync(eventId, CancellationToken.None)).Serving;
            Assert.InRange(serving - before, rate * 0.95, rate * 1.05);
            before = serving;
        }
    }

    [Fact]
    public async Task APersonIsAdmittedWhenTheClockReachesTheirPositionAndNotBefore()
    {
        var world = new WaitingRoomWorld();
        var eventId = await world.AddEventAsync(admitPerMinute: 60);
        await world.JoinAsync(eventId, Enumerable.Range(0, 100).Select(WaitingRoomWorld.User));
        await world.DrainAsync();
        var tenth = await world.EntryAsync(eventId, WaitingRoomWorld.User(99));
        Assert.Equal(QueueStatus.Waiting, tenth.Status);
        Assert.Equal(100, tenth.Position);
        Assert.Null(tenth.Pass);

        world.Time.Advance(TimeSpan.FromMinutes(2));
        var admitted = await world.EntryAsync(eventId, WaitingRoomWorld.User(99));

        Assert.Equal(QueueStatus.Admitted, admitted.Status);
        Assert.NotNull(admitted.Pass);
    }

    [Fact]
    public async Task RaisingTheRateMidSaleSpeedsUpOnlyThoseNotYetAdmitted()
    {
        var world = new WaitingRoomWorld();
        var eventId = await world.AddEventAsync(admitPerMinute: 10, passMinutes: 5);
        await world.JoinAsync(eventId, Enumerable.Range(0, 500).Select(WaitingRoomWorld.User));
        await world.DrainAsync();
        world.Time.Advance(TimeSpan.FromMinutes(3));
        var early = await world.EntryAsync(eventId, WaitingRoomWorld.User(5));
        Assert.Equal(QueueStatus.Admitted, early.Status);
        var servingAtChange = (await world.Rooms.GetStateAsync(eventId, CancellationToken.None)).Serving;

        await world.Rooms.ConfigureAsync(world.Organizer, eventId, new WaitingRoomInput { Enabled = true, AdmitPerMinute = 100, PassMinutes = 7 },
            CancellationToken.None);
        world.Time.Advance(TimeSpan.FromMinutes(1));
        var state = await world.Rooms.GetStateAsync(eventId, CancellationToken.None);
        var earlyAgain = await world.EntryAsync(eventId, WaitingRoomWorld.User(5));
        var later = await world.EntryAsync(eventId, WaitingRoomWorld.User((int)servingAtChange + 50));

        Assert.InRange(servingAtChange, 29, 31);
        Assert.Equal(servingAtChange + 100, state.Serving);
        Assert.Equal(100, state.AdmitPerMinute);
        Assert.Equal(early.PassExpiresAt, earlyAgain.PassExpiresAt);
        Assert.Equal(QueueStatus.Admitted, later.Status);
        Assert.True(later.PassExpiresAt - world.Time.GetUtcNow() > TimeSpan.FromMinutes(6), "The new pass length applies to those admitted after the change.");
    }

    [Fact]
    public async Task APassLapsesAfterItsMinutesAndTheEntryThenReadsExpired()
    {
        var world = new WaitingRoomWorld();
        var eventId = await world.AddEventAsync(admitPerMinute: 600, passMinutes: 2);
        await world.JoinAsync(eventId, ["alice"]);
        await world.DrainAsync();
        world.Time.Advance(TimeSpan.FromSeconds(1));
        var admitted = await world.EntryAsync(eventId, "alice");
        Assert.Equal(QueueStatus.Admitted, admitted.Status);

        world.Time.Advance(TimeSpan.FromMinutes(2));
        var expired = await world.EntryAsync(eventId, "alice");

        Assert.Equal(QueueStatus.Expired, expired.Status);
        Assert.Null(expired.Pass);
        Assert.Null(expired.RetryAfterSeconds);
    }

    [Fact]
    public void ServingIsCappedByThePositionsHandedOut()
    {
        var onSale = WaitingRoomWorld.Start;
        var room = new WaitingRoomSettings(true, onSale, onSale, 100, 10);

        Assert.Equal(0, Admission.Serving(room, 1000, onSale.AddSeconds(-1)));
        Assert.Equal(50, Admission.Serving(room, 1000, onSale.AddSeconds(30)));
        Assert.Equal(40, Admission.Serving(room, 40, onSale.AddMinutes(10)));
    }
}
