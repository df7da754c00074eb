namespace TicketBooking.CheckIn;

/// <summary>The answer of a conditional check-in: whether this scan was the first, and the first scan's record either way.</summary>
public readonly record struct AdmitResult(bool Admitted, CheckInRecord First);
