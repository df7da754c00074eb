namespace TicketBooking.Refunds;

/// <summary>
/// The state an <see cref="EventCancellationOrchestrator"/> carries from one page of bookings to the next
/// (continue-as-new keeps each instance's history to one page): where the listing is, what was counted so far, the
/// bookings still being paid for, and the failures (the first <see cref="CancellationProgress.MaxListedFailures"/>).
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
    IReadOnlyList<RefundFailure>? Failures = null)
{
    public CancellationProgress Progress(CancellationState state, DateTimeOffset now)
    {
        var pending = Pending?.Count ?? 0;
        var total = Math.Max((Counted ?? 0) - NotBooked, Refunded + Failed + pending);
        return new CancellationProgress(EventId, state, state == CancellationState.Completed ? Refunded + Failed : total, Refunded, Failed,
            Failures ?? [], StartedAt, now, state == CancellationState.Completed ? now : null);
    }

    /// <summary>
    /// Adds the outcomes of one round: refunded ones counted, pending ones kept for the next round (in a round of the
    /// pending ones, <paramref name="ofPending"/>, they replace the list), failures listed.
    /// </summary>
    public CancellationRun With(IEnumerable<BookingRefundOutcome> outcomes, IReadOnlyDictionary<string, EventBooking> entries, bool ofPending = false)
    {
        var list = outcomes.ToArray();
        var failures = (Failures ?? []).Concat(list.Where(o => o.Kind == RefundOutcomeKind.Failed)
            .Select(o => new RefundFailure(o.BookingId, o.UserId, o.Reason ?? "unknown"))).Take(CancellationProgress.MaxListedFailures).ToArray();
        return this with
        {
            Refunded = Refunded + list.Count(o => o.Kind is RefundOutcomeKind.Refunded or RefundOutcomeKind.AlreadyRefunded),
            Failed = Failed + list.Count(o => o.Kind == RefundOutcomeKind.Failed),
            NotBooked = NotBooked + list.Count(o => o.Kind == RefundOutcomeKind.NotBooked),
            Pending = (ofPending ? [] : Pending ?? []).Concat(list.Where(o => o.Kind == RefundOutcomeKind.Pending).Select(o => entries[o.BookingId])).ToArray(),
            Failures = failures,
        };
    }
}
