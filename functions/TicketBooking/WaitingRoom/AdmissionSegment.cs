namespace TicketBooking.WaitingRoom;

/// <summary>
/// From <see cref="At"/> on (until the next segment), <c>serving</c> is <see cref="Serving"/> plus
/// <see cref="AdmitPerMinute"/> for every minute since <see cref="At"/>, capped by those ordered; people admitted in this
/// segment hold a pass for <see cref="PassMinutes"/>.
/// </summary>
public sealed record AdmissionSegment(DateTimeOffset At, long Serving, int AdmitPerMinute, int PassMinutes);
