namespace TicketBooking.CheckIn;

/// <summary>An event's door staff as it now is.</summary>
public sealed record StaffView(string EventId, IReadOnlyList<string> UserIds, DateTimeOffset? UpdatedAt);
