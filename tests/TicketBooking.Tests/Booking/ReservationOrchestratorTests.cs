using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using TicketBooking.Booking;
using TicketBooking.Payments;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// The orchestrator alone, on a mocked <see cref="TaskOrchestrationContext"/>: the test decides which of the signal
/// and the timer completes first and what each activity answers.
/// </summary>
public sealed class ReservationOrchestratorTests
{
    private static readonly DateTime Now = new(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly ReservationWorkflowInput Input = new("res-0123456789abcdef01234567", "u1", "evt-1", new DateTimeOffset(Now.AddMinutes(10)));

    private readonly Mock<TaskOrchestrationContext> _context = new(MockBehavior.Strict);
    private readonly Queue<Task<ReservationSignal>> _signals = new();
    private readonly Queue<Task> _timers = new();
    private readonly List<DateTime> _timerTimes = [];
    private readonly List<(string Name, object? Input)> _activities = [];
    private readonly Queue<ReservationStep> _steps = new();

    public ReservationOrchestratorTests()
    {
        _context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        _context.Setup(c => c.CreateReplaySafeLogger<ReservationOrchestrator>()).Returns(NullLogger.Instance);
        _context.Setup(c => c.WaitForExternalEvent<ReservationSignal>(ReservationOrchestrator.SignalEvent, It.IsAny<CancellationToken>()))
            .Returns(() => _signals.Count > 0 ? _signals.Dequeue() : new TaskCompletionSource<ReservationSignal>().Task);
        _context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime at, CancellationToken _) =>
            {
                _timerTimes.Add(at);
                return _timers.Count > 0 ? _timers.Dequeue() : new TaskCompletionSource().Task;
            });
        _context.Setup(c => c.CallActivityAsync<ReservationStep>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? _) =>
            {
                _activities.Add((name.Name, input));
                return Task.FromResult(_steps.Dequeue());
            });
    }

    private Task<ReservationOutcome> RunAsync() => new ReservationOrchestrator().RunAsync(_context.Object, Input);

    private void SignalNext(ReservationSignal signal) => _signals.Enqueue(Task.FromResult(signal));

    private void SignalNever() => _signals.Enqueue(new TaskCompletionSource<ReservationSignal>().Task);

    private void TimerFiresNext() => _timers.Enqueue(Task.CompletedTask);

    private void TimerNever() => _timers.Enqueue(new TaskCompletionSource().Task);

    [Fact]
    public async Task AConfirmationBeforeTheTimerEndsItConfirmedWithNoMoreWork()
    {
        SignalNext(new ReservationSignal(ReservationSignalKind.Confirmed));
        TimerNever();

        var outcome = await RunAsync();

        Assert.Equal(ReservationOutcome.Confirmed, outcome);
        Assert.Empty(_activities);
        Assert.Equal([Input.ExpiresAt.UtcDateTime + ReservationOrchestrator.TimerMargin], _timerTimes);
    }

    [Fact]
    public async Task TheTimerFirstExpiresTheReservation()
    {
        SignalNever();
        TimerFiresNext();
        _steps.Enqueue(ReservationStep.Done(ReservationOutcome.Expired));

        var outcome = await RunAsync();

        Assert.Equal(ReservationOutcome.Expired, outcome);
        var (name, input) = Assert.Single(_activities);
        Assert.Equal(ExpireReservationActivity.Name, name);
        Assert.Equal(Input, input);
    }

    [Fact]
    public async Task AFailedPaymentKeepsWaitingAndALaterConfirmationEndsIt()
    {
        SignalNext(new ReservationSignal(ReservationSignalKind.Payment, new PaymentNotification(Input.ReservationId, "pi_1", false, "declined", 4000, "usd")));
        TimerNever();
        _steps.Enqueue(ReservationStep.WaitUntil(Input.ExpiresAt));
        SignalNext(new ReservationSignal(ReservationSignalKind.Confirmed));
        TimerNever();

        var outcome = await RunAsync();

        Assert.Equal(ReservationOutcome.Confirmed, outcome);
        var (name, input) = Assert.Single(_activities);
        Assert.Equal(ApplyPaymentActivity.Name, name);
        Assert.Equal("pi_1", Assert.IsType<ApplyPaymentInput>(input).Payment.PaymentId);
        Assert.Equal([Input.ExpiresAt.UtcDateTime + ReservationOrchestrator.TimerMargin, Input.ExpiresAt.UtcDateTime + ReservationOrchestrator.TimerMargin], _timerTimes);
    }

    [Fact]
    public async Task APaymentInFlightAtExpiryIsWaitedForUntilTheGraceEnds()
    {
        var graceUntil = Input.ExpiresAt.AddMinutes(3);
        SignalNever();
        TimerFiresNext();
        _steps.Enqueue(ReservationStep.WaitUntil(graceUntil));
        SignalNext(new ReservationSignal(ReservationSignalKind.Confirmed));
        TimerNever();

        var outcome = await RunAsync();

        Assert.Equal(ReservationOutcome.Confirmed, outcome);
        Assert.Equal([Input.ExpiresAt.UtcDateTime + ReservationOrchestrator.TimerMargin, graceUntil.UtcDateTime + ReservationOrchestrator.TimerMargin], _timerTimes);
        Assert.Equal([ExpireReservationActivity.Name], _activities.Select(a => a.Name));
    }

    [Fact]
    public async Task APaymentStillOpenWhenTheGraceEndsIsSettledByTheNextStep()
    {
        var graceUntil = Input.ExpiresAt.AddMinutes(3);
        SignalNever();
        TimerFiresNext();
        _steps.Enqueue(ReservationStep.WaitUntil(graceUntil));
        SignalNever();
        TimerFiresNext();
        _steps.Enqueue(ReservationStep.Done(ReservationOutcome.Refunded));

        var outcome = await RunAsync();

        Assert.Equal(ReservationOutcome.Refunded, outcome);
        Assert.Equal([ExpireReservationActivity.Name, ExpireReservationActivity.Name], _activities.Select(a => a.Name));
    }

    [Fact]
    public async Task ACancellationEndsItWithoutWork()
    {
        SignalNext(new ReservationSignal(ReservationSignalKind.Cancelled));
        TimerNever();

        Assert.Equal(ReservationOutcome.Cancelled, await RunAsync());
        Assert.Empty(_activities);
    }

    [Fact]
    public async Task AFailedStepIsTriedAgainLater()
    {
        SignalNever();
        TimerFiresNext();
        var calls = 0;
        _context.Setup(c => c.CallActivityAsync<ReservationStep>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(() => ++calls == 1
                ? Task.FromException<ReservationStep>(new TaskFailedException(ExpireReservationActivity.Name, 1,
                    new TaskFailureDetails("InvalidOperationException", "store unavailable", null, null, null)))
                : Task.FromResult(ReservationStep.Done(ReservationOutcome.Expired)));
        SignalNever();
        TimerFiresNext();

        var outcome = await RunAsync();

        Assert.Equal(ReservationOutcome.Expired, outcome);
        Assert.Equal(2, calls);
        Assert.Equal(Now + ReservationOrchestrator.StepRetryDelay, _timerTimes[1]);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(-5000)]
    public async Task AWaitForATimeCloseByOrPastIsNeverArmedBeforeItNorWithoutDelay(int untilFromNowMs)
    {
        var until = new DateTimeOffset(Now.AddMilliseconds(untilFromNowMs));
        SignalNever();
        TimerFiresNext();
        _steps.Enqueue(ReservationStep.WaitUntil(until));
        SignalNever();
        TimerFiresNext();
        _steps.Enqueue(ReservationStep.Done(ReservationOutcome.Expired));

        var outcome = await RunAsync();

        Assert.Equal(ReservationOutcome.Expired, outcome);
        Assert.Equal(2, _timerTimes.Count);
        Assert.True(_timerTimes[0] > Input.ExpiresAt.UtcDateTime, $"first timer at {_timerTimes[0]:O}, hold ends {Input.ExpiresAt:O}");
        Assert.True(_timerTimes[1] > until.UtcDateTime, $"re-armed for {_timerTimes[1]:O}, asked to wait until {until:O}");
        Assert.True(_timerTimes[1] - Now >= TimeSpan.FromSeconds(1), $"re-armed {(_timerTimes[1] - Now).TotalMilliseconds} ms from now");
    }
}
