using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TicketBooking.Auth;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Hosting;
using TicketBooking.Http;
using TicketBooking.RateLimiting;

namespace TicketBooking.Refunds;

/// <summary>
/// The refunds' HTTP handlers: a booking's owner refunds it, an organizer cancels an event and follows its refunds. Both
/// hosts bind them to <see cref="ApiRoutes"/> and hand in their Durable Task client.
/// </summary>
public sealed class RefundsApi(
    RefundBookings refunds,
    EventCatalog catalog,
    IEventBookingIndex index,
    Authenticator authenticator,
    RateLimits limits,
    IOptions<RefundOptions> options,
    TimeProvider time,
    ILogger<RefundsApi> logger)
{
    /// <summary>How long a retry waits for the cancellation's last run to finish after it saved its completed progress.</summary>
    private static readonly TimeSpan FinishingWait = TimeSpan.FromSeconds(15);

    // One start at a time in this process: the in-memory sidecar does not refuse a second start of a running instance id.
    private readonly SemaphoreSlim _starting = new(1, 1);

    /// <summary>
    /// Refunds the caller's booking within the event's policy: 200 with the refunded booking, or 202 (status
    /// <c>refunding</c>) when the refund takes longer than <see cref="RefundOptions.AnswerWithin"/>; it finishes anyway.
    /// Asking again (a lost answer) refunds nothing twice and answers the booking as it stands.
    /// </summary>
    public async Task<IResult> RefundAsync(HttpRequest request, string bookingId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        limits.Check(RateLimitPolicy.Cancel, caller.UserId);
        var booking = await refunds.RequestAsync(caller.UserId, bookingId, cancellationToken);
        TicketBookingTelemetry.Tag(booking.EventId, booking.ReservationId);
        if (booking.Status == BookingStatus.Refunding)
        {
            // From the refunding mark on, the steps run to the end even if the caller goes away.
            await EnsureStartedAsync(durable, BookingRefundOrchestrator.InstanceIdFor(booking), BookingRefundOrchestrator.Name,
                new BookingRefundInput(booking.UserId, booking.Id));
            booking = await WaitWhileRefundingAsync(booking, cancellationToken);
        }

        if (booking is { Status: BookingStatus.Confirmed, Refund.Failure: { } failure })
        {
            throw new DomainException(ErrorKind.PaymentFailed, "The refund failed.", $"{failure} The booking stays valid; you may ask again.",
                new Dictionary<string, object?> { ["bookingId"] = booking.Id });
        }

        return Json(BookingView.From(booking), booking.Status == BookingStatus.Refunding ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    /// <summary>
    /// Cancels the event (its organizer or an admin) and starts refunding every booking: 202 with the progress so far and
    /// its Location. Sales and the waiting room stop at once. Cancelling again is safe: it starts whatever did not start.
    /// </summary>
    public async Task<IResult> CancelEventAsync(HttpRequest request, string eventId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        TicketBookingTelemetry.Tag(eventId);
        var record = await catalog.CancelAsync(eventId, caller, cancellationToken);
        var now = time.GetUtcNow();
        await EnsureStartedAsync(durable, EventCancellationOrchestrator.InstanceIdFor(record.Id), EventCancellationOrchestrator.Name, NewRun(record.Id, now));
        var progress = await index.GetProgressAsync(record.Id, CancellationToken.None)
            ?? new CancellationProgress(record.Id, CancellationState.Refunding, 0, 0, 0, [], now, now);
        return Json(progress, StatusCodes.Status202Accepted, $"/{ApiRoutes.Prefix}/admin/events/{record.Id}/cancellation");
    }

    /// <summary>How far a cancelled event's refunds have come (its organizer or an admin).</summary>
    public async Task<IResult> GetCancellationAsync(HttpRequest request, string eventId, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        var record = await catalog.GetOwnedAsync(eventId, caller, cancellationToken);
        if (record.Status != EventStatus.Cancelled)
        {
            throw new DomainException(ErrorKind.EventNotFound, "The event is not cancelled.", $"Event '{record.Id}' has not been cancelled; there is no cancellation to show.");
        }

        var progress = await index.GetProgressAsync(record.Id, cancellationToken)
            ?? new CancellationProgress(record.Id, CancellationState.Refunding, 0, 0, 0, [], record.CreatedAt, time.GetUtcNow());
        return Json(progress);
    }

    /// <summary>
    /// Tries the failed refunds of a cancelled event again (its organizer or an admin): when its cancellation completed
    /// with failures, it runs again over every booking (the refunded ones answer at once, nothing is refunded twice) and
    /// this answers 202 with the fresh progress; while it is still running, 202 with the progress as it is; when nothing
    /// failed, 200 with the progress.
    /// </summary>
    public async Task<IResult> RetryCancellationAsync(HttpRequest request, string eventId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken, Roles.Organizer, Roles.Admin);
        TicketBookingTelemetry.Tag(eventId);
        var record = await catalog.GetOwnedAsync(eventId, caller, cancellationToken);
        if (record.Status != EventStatus.Cancelled)
        {
            throw new DomainException(ErrorKind.EventNotFound, "The event is not cancelled.", $"Event '{record.Id}' has not been cancelled; there are no refunds to retry.");
        }

        var location = $"/{ApiRoutes.Prefix}/admin/events/{record.Id}/cancellation";
        var progress = await index.GetProgressAsync(record.Id, cancellationToken);
        if (progress is { State: CancellationState.Completed, Failed: 0 })
        {
            return Json(progress, StatusCodes.Status200OK, location);
        }

        var instanceId = EventCancellationOrchestrator.InstanceIdFor(record.Id);
        if (progress is { State: CancellationState.Completed })
        {
            await MakeRoomForRetryAsync(durable, instanceId, progress);
        }

        await EnsureStartedAsync(durable, instanceId, EventCancellationOrchestrator.Name, NewRun(record.Id, time.GetUtcNow()));
        var now = time.GetUtcNow();
        progress = await index.GetProgressAsync(record.Id, CancellationToken.None)
            ?? new CancellationProgress(record.Id, CancellationState.Refunding, 0, 0, 0, [], now, now);
        return Json(progress, StatusCodes.Status202Accepted, location);
    }

    /// <summary>
    /// Removes the finished run and marks the progress refunding again (in this order: a failure in between leaves a
    /// state that the same request, sent again, finishes), so no one takes the old run's end for the new one's. The run
    /// saves its completed progress as its last step, so it may still be finishing: it is given a moment.
    /// </summary>
    private async Task MakeRoomForRetryAsync(DurableTaskClient durable, string instanceId, CancellationProgress finished)
    {
        try
        {
            var until = time.GetUtcNow() + FinishingWait;
            while (await durable.GetInstanceAsync(instanceId, CancellationToken.None) is { IsCompleted: false })
            {
                if (time.GetUtcNow() >= until)
                {
                    throw new DomainException(ErrorKind.Unavailable, "The refunds are still finishing.",
                        "The last run of this cancellation is still finishing: send the same request again in a moment.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), time, CancellationToken.None);
            }

            await durable.PurgeInstanceAsync(instanceId, CancellationToken.None);
            var now = time.GetUtcNow();
            logger.LogInformation("Retrying the {Failed} failed refund(s) of cancelled event {EventId}", finished.Failed, finished.EventId);
            await index.SaveProgressAsync(new CancellationProgress(finished.EventId, CancellationState.Refunding, finished.Total, 0, 0, [], now, now),
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DomainException)
        {
            logger.LogError(ex, "Could not make room to retry orchestration {InstanceId}", instanceId);
            throw new DomainException(ErrorKind.Unavailable, "The refunds could not be retried.",
                "Nothing was lost: send the same request again in a moment and it continues where it stopped.");
        }
    }

    private CancellationRun NewRun(string eventId, DateTimeOffset now) =>
        new(eventId, now, options.Value.BatchSize, options.Value.Parallelism, Attempts: options.Value.Attempts, RetryDelay: options.Value.RetryDelay);

    /// <summary>Starts the orchestration unless it exists (a retried request, or another instance got there first).</summary>
    private async Task EnsureStartedAsync<TInput>(DurableTaskClient durable, string instanceId, string name, TInput input)
    {
        await _starting.WaitAsync(CancellationToken.None);
        try
        {
            if (await durable.GetInstanceAsync(instanceId, CancellationToken.None) is not null)
            {
                return;
            }

            await durable.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!await durable.ExistsAsync(instanceId, logger))
            {
                logger.LogError(ex, "Could not start orchestration {InstanceId}", instanceId);
                throw new DomainException(ErrorKind.Unavailable, "The refund could not be scheduled.",
                    "Nothing was lost: send the same request again in a moment and it continues where it stopped.");
            }
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>Reads the booking until it leaves refunding or <see cref="RefundOptions.AnswerWithin"/> has passed.</summary>
    private async Task<BookingRecord> WaitWhileRefundingAsync(BookingRecord booking, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + options.Value.AnswerWithin;
        var delay = TimeSpan.FromMilliseconds(20);
        while (booking.Status == BookingStatus.Refunding && time.GetUtcNow() < until)
        {
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(250, delay.TotalMilliseconds * 2));
            booking = await refunds.GetAsync(booking.UserId, booking.Id, cancellationToken);
        }

        return booking;
    }

    private static RawJsonResult Json<T>(T value, int status = StatusCodes.Status200OK, string? location = null) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options), status, location: location, cacheControl: "no-store");
}
