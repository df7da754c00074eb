namespace TicketBooking.CheckIn;

/// <summary>The people an event's organizer lets check tickets in at its doors (user ids, as the sign-in names them).</summary>
public sealed record EventStaff(string EventId, IReadOnlyList<string> UserIds, DateTimeOffset UpdatedAt, string UpdatedBy);
