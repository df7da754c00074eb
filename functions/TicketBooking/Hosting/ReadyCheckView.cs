namespace TicketBooking.Hosting;

/// <summary>One dependency's outcome: <c>ok</c>, <c>failed</c> (with the error) or <c>timeout</c>.</summary>
public sealed record ReadyCheckView(string Name, string Status, long DurationMs, string? Error = null);
