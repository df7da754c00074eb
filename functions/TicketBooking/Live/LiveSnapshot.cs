namespace TicketBooking.Live;

/// <summary>The data of a <c>snapshot</c> event: every section's counts at <see cref="Version"/>.</summary>
public sealed record LiveSnapshot(string Version, IReadOnlyList<LiveSection> Sections);
