using System.Net;
using TicketBooking.Booking;
using TicketBooking.Catalog;

namespace TicketBooking.Tests.Refunds;

/// <summary>
/// A cancelled event's refunds while the payment provider fails transiently (the simulator's refund outages answer 503
/// to the first requests of each payment): the orchestration tries again after a wait; a refund that still fails is
/// left visible with its reason, and the organizer's retry refunds it, each payment refunded once.
/// </summary>
public sealed class RefundRetryTests
{
    [Fact]
    public async Task ARefundFailingTransientlyIsTriedAgainByTheOrchestrationAndRefundedOnce()
    {
        await using var host = OutageHost(outages: 2, attempts: 3);
        var eventId = await host.AddEventAsync(RefundPolicy.NoRefunds);
        var bookings = new[] { ("uma", await host.BookAsync("uma", eventId, "A-1-1")), ("vic", await host.BookAsync("vic", eventId, "A-1-2", "A-1-3")) };
        using var organizer = host.ClientFor("organizer", "organizer");

        using var cancel = await organizer.PostAsync($"/api/admin/events/{eventId}/cancel", null);
        var progress = await RefundHost.WaitForCancellationAsync(organizer, eventId, TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal((2, 2, 0), (progress.GetProperty("total").GetInt32(), progress.GetProperty("refunded").GetInt32(), progress.GetProperty("failed").GetInt32()));
        foreach (var (user, bookingId) in bookings)
        {
            var booking = (await host.Bookings.GetAsync(user, bookingId))!;
            Assert.Equal(BookingStatus.Refunded, booking.Status);
            Assert.Null(booking.Refund!.Failure);
            Assert.Equal(1, host.Payments.RefundCount(booking.ReservationId));
            Assert.Single(host.Payments.Refunds, r => r.ReservationId == booking.ReservationId);
        }
    }

    [Fact]
    public async Task ARefundThatKeepsFailingIsLeftVisibleWithItsReasonAndTheOrganizersRetryRefundsIt()
    {
        await using var host = OutageHost(outages: 2, attempts: 2);
        var eventId = await host.AddEventAsync(RefundPolicy.NoRefunds);
        var bookingId = await host.BookAsync("wes", eventId, "A-2-1");
        using var organizer = host.ClientFor("organizer", "organizer");
        using var stranger = host.ClientFor("another-organizer", "organizer");

        using var cancel = await organizer.PostAsync($"/api/admin/events/{eventId}/cancel", null);
        var failed = await RefundHost.WaitForCancellationAsync(organizer, eventId, TimeSpan.FromMinutes(1));
        var afterFailure = (await host.Bookings.GetAsync("wes", bookingId))!;
        var refundsAfterFailure = host.Payments.RefundCount(afterFailure.ReservationId);
        using var forbidden = await stranger.PostAsync($"/api/admin/events/{eventId}/cancellation/retry", null);
        using var retry = await organizer.PostAsync($"/api/admin/events/{eventId}/cancellation/retry", null);
        var retried = await RefundHost.WaitForCancellationAsync(organizer, eventId, TimeSpan.FromMinutes(1));
        using var retryAgain = await organizer.PostAsync($"/api/admin/events/{eventId}/cancellation/retry", null);
        var afterRetry = (await host.Bookings.GetAsync("wes", bookingId))!;

        Assert.Equal((1, 0, 1), (failed.GetProperty("total").GetInt32(), failed.GetProperty("refunded").GetInt32(), failed.GetProperty("failed").GetInt32()));
        var failure = Assert.Single(failed.GetProperty("failures").EnumerateArray());
        Assert.Equal(bookingId, failure.GetProperty("bookingId").GetString());
        Assert.Contains("503", failure.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(BookingStatus.Refunding, afterFailure.Status);
        Assert.Contains("503", afterFailure.Refund!.Failure, StringComparison.Ordinal);
        Assert.Equal(0, refundsAfterFailure);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal($"/api/admin/events/{eventId}/cancellation", retry.Headers.Location!.OriginalString);
        Assert.Equal((1, 1, 0), (retried.GetProperty("total").GetInt32(), retried.GetProperty("refunded").GetInt32(), retried.GetProperty("failed").GetInt32()));
        Assert.Empty(retried.GetProperty("failures").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, retryAgain.StatusCode);
        Assert.Equal(BookingStatus.Refunded, afterRetry.Status);
        Assert.Null(afterRetry.Refund!.Failure);
        Assert.Equal(1, host.Payments.RefundCount(afterRetry.ReservationId));
    }

    [Fact]
    public async Task RetryingTheRefundsOfAnEventThatIsNotCancelledAnswers404()
    {
        await using var host = OutageHost(outages: 0, attempts: 1);
        var eventId = await host.AddEventAsync(RefundPolicy.NoRefunds);
        using var organizer = host.ClientFor("organizer", "organizer");

        using var retry = await organizer.PostAsync($"/api/admin/events/{eventId}/cancellation/retry", null);

        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        Assert.Equal("application/problem+json", retry.Content.Headers.ContentType!.MediaType);
    }

    private static RefundHost OutageHost(int outages, int attempts)
    {
        var host = new RefundHost();
        host.With("Payments:SimulatedRefundOutages", outages.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Refunds:Attempts", attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("Refunds:RetryDelay", "00:00:00.100");
        return host;
    }
}
