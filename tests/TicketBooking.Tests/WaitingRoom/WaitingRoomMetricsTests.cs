using TicketBooking.Telemetry;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.WaitingRoom;

/// <summary>The waiting room's metrics: joins as they are sent, admissions as the clock admits people, and who still waits.</summary>
public sealed class WaitingRoomMetricsTests
{
    [Fact]
    public async Task JoinsAdmissionsAndThePeopleWaitingAreMeasuredPerEvent()
    {
        var world = new WaitingRoomWorld();
        var eventId = await world.AddEventAsync(admitPerMinute: 60);
        using var meters = new MeasurementsOf(eventId);
        var drain = world.NewDrain();

        await world.JoinAsync(eventId, Enumerable.Range(0, 200).Select(WaitingRoomWorld.User));
        await world.DrainAsync(drain);
        var admittedBefore = meters.Sum(TicketBookingMetrics.Admissions);
        world.Time.Advance(TimeSpan.FromMinutes(1));
        await drain.RunOnceAsync(CancellationToken.None);

        Assert.Equal(200, meters.Sum(TicketBookingMetrics.Joins));
        Assert.InRange(meters.Sum(TicketBookingMetrics.Admissions) - admittedBefore, 59, 61);
        Assert.InRange(meters.Last(TicketBookingMetrics.QueueLength), 139, 141);
    }
}
