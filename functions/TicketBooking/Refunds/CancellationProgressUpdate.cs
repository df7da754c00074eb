namespace TicketBooking.Refunds;

/// <summary>The progress to record for a cancellation run (an activity's input; the activity stamps the time).</summary>
public sealed record CancellationProgressUpdate(CancellationRun Run, CancellationState State);
