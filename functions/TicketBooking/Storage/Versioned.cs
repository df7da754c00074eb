namespace TicketBooking.Storage;

/// <summary>A stored value together with the ETag of the version it was read from.</summary>
public readonly record struct Versioned<T>(T Value, string ETag);
