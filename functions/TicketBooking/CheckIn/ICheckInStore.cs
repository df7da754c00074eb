namespace TicketBooking.CheckIn;

/// <summary>
/// Where check-ins and each event's door staff are kept: one partition per event. A seat is admitted by creating its
/// check-in document, which succeeds once: of two scans racing at two gates, exactly one creates it.
/// </summary>
public interface ICheckInStore
{
    /// <summary>Stores <paramref name="checkIn"/> unless the seat is already checked in; the first record either way.</summary>
    Task<AdmitResult> TryAdmitAsync(CheckInRecord checkIn, CancellationToken cancellationToken = default);

    /// <summary>The seat's check-in, or null when it has not been scanned in.</summary>
    Task<CheckInRecord?> GetAsync(string eventId, string ticketId, CancellationToken cancellationToken = default);

    /// <summary>The event's door staff, or null when none were named.</summary>
    Task<EventStaff?> GetStaffAsync(string eventId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the event's door staff with <paramref name="staff"/>.</summary>
    Task SetStaffAsync(EventStaff staff, CancellationToken cancellationToken = default);
}
