namespace TicketBooking.Refunds;

/// <summary>
/// The state an <see cref="EventCancellationOrchestrator"/> carries from one page of bookings to the next
/// (continue-as-new keeps each instance's history to one page): where the listing is, what was counted so far, the
/// bookings still being paid for, those whose refund failed transiently and is tried again (<see cref="Retrying"/>, up to
/// <see cref="Attempts"/> tries each, the waits between rounds doubling from <see cref="RetryDelay"/>), and the failures
/// (the first <see cref="CancellationProgress.MaxListedFailures"/>).
/// </summary>
public sealed record CancellationRun(
    string EventId,
    DateTimeOffset StartedAt,
    int BatchSize,
    int Parallelism,
    int? Counted = null,
    string? Cursor = null,
    bool Listed = false,
    int Refunded = 0,
    int Failed = 0,
    int NotBooked = 0,
    int PendingRounds = 0,
    IReadOnlyList<EventBooking>? Pending = null,
    IReadOnlyList<RefundFailure>? Failures = null,
    int Attempts = 1,
    TimeSpan RetryDelay = default,
    int RetryRound = 0,
    IReadOnlyList<EventBooking>? Retrying = null)
{
    /// <summary>The longest wait between two rounds of retries.</summary>
    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromMinutes(5);

    /// <summary>The wait before the next round of retries: <see cref="RetryDelay"/> doubled each round, at most <see cref="MaxRetryWait"/>.</summary>
    public TimeSpan NextRetryWait => TimeSpan.FromTicks(Math.Min(MaxRetryWait.Ticks, RetryDelay.Ticks * (1L << Math.Min(RetryRound, 20))));

    public CancellationProgress Progress(CancellationState state, DateTimeOffset now)
    {
        var pending = Pending?.Count ?? 0;
        var total = Math.Max((Counted ?? 0) - NotBooked, Refunded + Failed + pending + (Retrying?.Count ?? 0));
        return new CancellationProgress(EventId, state, state == CancellationState.Completed ? Refunded + Failed : total, Refunded, Failed,
            Failures ?? [], StartedAt, now, state == CancellationState.Completed ? now : null);
    }

    /// <summary>
    /// Adds the outcomes of one round: refunded ones counted, pending ones kept for the next round (in a round of the
    /// pending ones, <paramref name="ofPending"/>, they replace the list), transient failures kept for another try while
    /// a booking has tries left (in a round of retries, <paramref name="ofRetries"/>, they replace the list), the other
    /// failures counted and listed.
    /// </summary>
    public CancellationRun With(IEnumerable<BookingRefundOutcome> outcomes, IReadOnlyDictionary<string, EventBooking> entries, bool ofPending = false,
        bool ofRetries = false)
    {
        var list = outcomes.ToArray();
        var triesSoFar = ofRetries ? RetryRound + 2 : 1;
        bool TryAgain(BookingRefundOutcome o) => o is { Kind: RefundOutcomeKind.Failed, Transient: true } && triesSoFar < Attempts;
        var failed = list.Where(o => o.Kind == RefundOutcomeKind.Failed && !TryAgain(o)).ToArray();
        var failures = (Failures ?? []).Concat(failed.Select(o => new RefundFailure(o.BookingId, o.UserId, o.Reason ?? "unknown")))
            .Take(CancellationProgress.MaxListedFailures).ToArray();
        return this with
        {
            Refunded = Refunded + list.Count(o => o.Kind is RefundOutcomeKind.Refunded or RefundOutcomeKind.AlreadyRefunded),
            Failed = Failed + failed.Length,
            NotBooked = NotBooked + list.Count(o => o.Kind == RefundOutcomeKind.NotBooked),
            Pending = (ofPending ? [] : Pending ?? []).Concat(list.Where(o => o.Kind == RefundOutcomeKind.Pending).Select(o => entries[o.BookingId])).ToArray(),
            Retrying = (ofRetries ? [] : Retrying ?? []).Concat(list.Where(TryAgain).Select(o => entries[o.BookingId])).ToArray(),
            Failures = failures,
        };
    }
}
