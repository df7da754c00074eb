namespace TicketBooking.Hosting;

/// <summary>The readiness answer: <c>ready</c> when every check passed, else <c>failing</c>; each check's outcome.</summary>
public sealed record ReadyView(string Status, IReadOnlyList<ReadyCheckView> Checks);
