using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

/// <summary>What starts a reservation's orchestration (instance id = reservation id).</summary>
public sealed record ReservationWorkflowInput(string ReservationId, string UserId, string EventId, DateTimeOffset ExpiresAt);

public enum ReservationOutcome
{
    Confirmed,
    Expired,
    Cancelled,

    /// <summary>Paid, but a seat was lost after the hold lapsed: the payment was refunded and the reservation expired.</summary>
    Refunded,
}

public enum ReservationSignalKind
{
    /// <summary>The confirm call booked the reservation.</summary>
    Confirmed,

    /// <summary>The customer cancelled.</summary>
    Cancelled,

    /// <summary>The provider reported a payment outcome (webhook).</summary>
    Payment,
}

/// <summary>The one external event of the orchestration, <see cref="ReservationOrchestrator.SignalEvent"/>.</summary>
public sealed record ReservationSignal(ReservationSignalKind Kind, PaymentNotification? Payment = null);

/// <summary>The result of one step: the reservation ended (<see cref="Outcome"/>), or wait until <see cref="Until"/> and look again.</summary>
public sealed record ReservationStep(ReservationOutcome? Outcome, DateTimeOffset? Until)
{
    public static ReservationStep Done(ReservationOutcome outcome) => new(outcome, null);

    public static ReservationStep WaitUntil(DateTimeOffset until) => new(null, until);

    /// <summary>The step a reservation's state calls for: its outcome once final, otherwise the time to look again.</summary>
    public static ReservationStep For(Reservation r) => r.Status switch
    {
        ReservationStatus.Confirmed => Done(ReservationOutcome.Confirmed),
        ReservationStatus.Cancelled => Done(ReservationOutcome.Cancelled),
        ReservationStatus.Expired => Done(r.Payment.RefundId is null ? ReservationOutcome.Expired : ReservationOutcome.Refunded),
        ReservationStatus.Confirming => WaitUntil(r.Payment.GraceUntil ?? r.ExpiresAt),
        _ => WaitUntil(r.ExpiresAt),
    };
}

/// <summary>
/// One per reservation. Waits for a signal (confirmed, cancelled, a payment outcome) or the hold's durable timer,
/// whichever comes first. The timer's step expires a held reservation and releases its seats, but only waits on one whose
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

    internal static readonly TaskOptions StepOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(20)));

    public override async Task<ReservationOutcome> RunAsync(TaskOrchestrationContext context, ReservationWorkflowInput input)
    {
        var logger = context.CreateReplaySafeLogger<ReservationOrchestrator>();
        var deadline = input.ExpiresAt.UtcDateTime;
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

            // Never wait less than a moment: a step that asks to wait for a time already past is looked at again shortly.
            var until = step.Until!.Value.UtcDateTime;
            deadline = until > context.CurrentUtcDateTime ? until : context.CurrentUtcDateTime + TimeSpan.FromSeconds(1);
            logger.LogInformation("Reservation {ReservationId} still open; next look at {Deadline:O}", input.ReservationId, deadline);
        }

        logger.LogError("Reservation {ReservationId} did not settle in {Rounds} rounds", input.ReservationId, MaxRounds);
        throw new InvalidOperationException($"Reservation {input.ReservationId} did not settle in {MaxRounds} rounds.");
    }

    private static Task<ReservationStep> OnSignalAsync(TaskOrchestrationContext context, ReservationWorkflowInput input, ReservationSignal signal) =>
        signal.Kind switch
        {
            ReservationSignalKind.Confirmed => Task.FromResult(ReservationStep.Done(ReservationOutcome.Confirmed)),
            ReservationSignalKind.Cancelled => Task.FromResult(ReservationStep.Done(ReservationOutcome.Cancelled)),
            _ => context.CallActivityAsync<ReservationStep>(ApplyPaymentActivity.Name, new ApplyPaymentInput(input, signal.Payment!), StepOptions),
        };
}

/// <summary>The hold's timer fired: expire and release, or say how long to wait for a payment under way.</summary>
public sealed class ExpireReservationActivity(CancelOrExpire expiry) : TaskActivity<ReservationWorkflowInput, ReservationStep>
{
    public const string Name = nameof(ExpireReservationActivity);

    public override Task<ReservationStep> RunAsync(TaskActivityContext context, ReservationWorkflowInput input) =>
        expiry.ExpireAsync(input.UserId, input.ReservationId, CancellationToken.None);
}

public sealed record ApplyPaymentInput(ReservationWorkflowInput Reservation, PaymentNotification Payment);

/// <summary>A payment outcome from the provider: book (or refund if the seats are gone), or end the attempt.</summary>
public sealed class ApplyPaymentActivity(SettlePayment settle) : TaskActivity<ApplyPaymentInput, ReservationStep>
{
    public const string Name = nameof(ApplyPaymentActivity);

    public override Task<ReservationStep> RunAsync(TaskActivityContext context, ApplyPaymentInput input) =>
        settle.ApplyPaymentAsync(input.Reservation.UserId, input.Reservation.ReservationId, input.Payment, CancellationToken.None);
}

/// <summary>The booking workflow's tasks, registered the same way by both hosts' Durable Task workers.</summary>
public static class BookingTasks
{
    public static DurableTaskRegistry AddBookingTasks(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<ReservationOrchestrator>()
        .AddActivity<ExpireReservationActivity>()
        .AddActivity<ApplyPaymentActivity>();
}
