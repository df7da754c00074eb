using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>
/// One per reservation a payment started on (started by the first confirm, before the reservation moves to confirming;
/// a hold that simply lapses has none: <see cref="HoldExpiry"/> expires it). Waits for a signal (confirmed, cancelled, a
/// payment outcome) or the hold's durable timer, whichever comes first. The timer's step expires a held reservation and releases its seats, but only waits on one whose
/// payment is under way (until the payment grace ends, then settles it). Deterministic: time from the context, all I/O
/// in the activities, logging replay-safe.
/// </summary>
public sealed class ReservationOrchestrator : TaskOrchestrator<ReservationWorkflowInput, ReservationOutcome>
{
    public const string Name = nameof(ReservationOrchestrator);
    public const string SignalEvent = "ReservationSignal";

    /// <summary>Rounds of waiting before giving up (each round is a signal or a timer; a reservation needs two or three).</summary>
    public const int MaxRounds = 50;

    /// <summary>How long to wait before trying a failed step again (after the activity's own retries).</summary>
    public static readonly TimeSpan StepRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Added to every wait for a time: a durable timer's delay can be cut to whole seconds, so it may fire up to a second
    /// early; with this margin it never fires before the time asked for, and a wait is never shorter than the margin.
    /// </summary>
    public static readonly TimeSpan TimerMargin = TimeSpan.FromSeconds(1);

    internal static readonly TaskOptions StepOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(20)));

    public override async Task<ReservationOutcome> RunAsync(TaskOrchestrationContext context, ReservationWorkflowInput input)
    {
        var logger = context.CreateReplaySafeLogger<ReservationOrchestrator>();
        TicketBookingTelemetry.Tag(input.EventId, input.ReservationId);
        var deadline = TimerDue(context, input.ExpiresAt.UtcDateTime);
        for (var round = 0; round < MaxRounds; round++)
        {
            using var stop = new CancellationTokenSource();
            var signal = context.WaitForExternalEvent<ReservationSignal>(SignalEvent, stop.Token);
            var timer = context.CreateTimer(deadline, stop.Token);
            var first = await Task.WhenAny(signal, timer);
            stop.Cancel();

            ReservationStep step;
            try
            {
                step = first == signal
                    ? await OnSignalAsync(context, input, await signal)
                    : await context.CallActivityAsync<ReservationStep>(ExpireReservationActivity.Name, input, StepOptions);
            }
            catch (TaskFailedException ex)
            {
                logger.LogWarning("Reservation {ReservationId}: a step failed ({Error}); trying again in {Delay}", input.ReservationId,
                    ex.FailureDetails.ErrorMessage, StepRetryDelay);
                deadline = context.CurrentUtcDateTime + StepRetryDelay;
                continue;
            }

            if (step.Outcome is { } outcome)
            {
                logger.LogInformation("Reservation {ReservationId} ended: {Outcome}", input.ReservationId, outcome);
                return outcome;
            }

            deadline = TimerDue(context, step.Until!.Value.UtcDateTime);
            logger.LogInformation("Reservation {ReservationId} still open; next look at {Deadline:O}", input.ReservationId, deadline);
        }

        logger.LogError("Reservation {ReservationId} did not settle in {Rounds} rounds", input.ReservationId, MaxRounds);
        throw new InvalidOperationException($"Reservation {input.ReservationId} did not settle in {MaxRounds} rounds.");
    }

    /// <summary>
    /// When to set the timer for a step due at <paramref name="until"/>: the later of that time and now, plus
    /// <see cref="TimerMargin"/>. So the timer never fires before <paramref name="until"/>, and a time already past (or
    /// a few ms away) is looked at again a moment later, never at once.
    /// </summary>
    internal static DateTime TimerDue(TaskOrchestrationContext context, DateTime until)
    {
        var now = context.CurrentUtcDateTime;
        return (until > now ? until : now) + TimerMargin;
    }

    private static Task<ReservationStep> OnSignalAsync(TaskOrchestrationContext context, ReservationWorkflowInput input, ReservationSignal signal) =>
        signal.Kind switch
        {
            ReservationSignalKind.Confirmed => Task.FromResult(ReservationStep.Done(ReservationOutcome.Confirmed)),
            ReservationSignalKind.Cancelled => Task.FromResult(ReservationStep.Done(ReservationOutcome.Cancelled)),
            _ => context.CallActivityAsync<ReservationStep>(ApplyPaymentActivity.Name, new ApplyPaymentInput(input, signal.Payment!), StepOptions),
        };
}
