using System.Collections.Concurrent;
using TicketBooking.Auth;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.Tickets;

namespace TicketBooking.CheckIn;

/// <summary>
/// The door: checks a scanned ticket code and admits its seat once. A scan is valid when the code was signed for this
/// event, its booking is still confirmed, and the seat is still booked by that booking; the seat is then admitted by a
/// conditional create, so of any number of scans of one ticket (at one gate or many, at once or later) exactly one
/// admits and every other hears when and where that one was. Who may scan: the event's organizer, an admin, or a
/// person the organizer named as the event's staff.
/// </summary>
public sealed class CheckInDesk(
    ICheckInStore store,
    IBookingStore bookings,
    ITicketInventory inventory,
    EventCatalog catalog,
    TicketCodes codes,
    TimeProvider time,
    ILogger<CheckInDesk> logger)
{
    /// <summary>How long a staff list read is reused for callers on it (a caller not on it is always read afresh).</summary>
    public static readonly TimeSpan StaffCacheLifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (IReadOnlySet<string> UserIds, DateTimeOffset ReadAt)> _staff = new(StringComparer.Ordinal);

    public async Task<CheckInView> AdmitAsync(Caller caller, string eventId, CheckInRequest request, CancellationToken cancellationToken)
    {
        await EnsureDoorStaffAsync(caller, eventId, cancellationToken);
        var gate = Validate(request);
        try
        {
            var admitted = await ScanAsync(caller, eventId, request, gate, cancellationToken);
            TicketBookingMetrics.RecordCheckIn(eventId, TicketBookingMetrics.Admitted);
            return admitted;
        }
        catch (DomainException ex) when (ex.Kind is ErrorKind.AlreadyCheckedIn or ErrorKind.InvalidTicketCode or ErrorKind.TicketRevoked)
        {
            TicketBookingMetrics.RecordCheckIn(eventId, ex.Kind == ErrorKind.AlreadyCheckedIn ? TicketBookingMetrics.Duplicate : TicketBookingMetrics.Refused);
            throw;
        }
    }

    /// <summary>Reads the code and admits its seat once (a conditional write); a scan of a code that does not admit throws why.</summary>
    private async Task<CheckInView> ScanAsync(Caller caller, string eventId, CheckInRequest request, string? gate, CancellationToken cancellationToken)
    {
        var code = codes.Read(request.Code, eventId)
            ?? throw new DomainException(ErrorKind.InvalidTicketCode, "This is not a ticket for this event.",
                $"The code is not a ticket code of event '{eventId}': it is misread, altered, forged, or for another event.");

        var booking = await bookings.GetAsync(code.UserId, code.BookingId, cancellationToken);
        var ticket = booking?.Tickets.FirstOrDefault(t => t.TicketId == code.TicketId);
        if (booking is null || ticket is null || booking.EventId != eventId)
        {
            // A correctly signed code always names a stored booking and one of its seats; this one does not.
            logger.LogWarning("Ticket code of event {EventId} names booking {BookingId} seat {TicketId}, which is not stored", eventId, code.BookingId,
                code.TicketId);
            throw new DomainException(ErrorKind.InvalidTicketCode, "This is not a valid ticket.",
                $"The code names booking '{code.BookingId}', which holds no seat '{code.TicketId}' for this event.");
        }

        if (booking.Status != BookingStatus.Confirmed)
        {
            throw BookingTickets.Revoked(booking.Id);
        }

        // The seat itself must still be this booking's (a refund returns it to sale; someone else may have bought it).
        var seat = await inventory.GetTicketAsync(eventId, ticket.TicketId, cancellationToken);
        if (seat is not { Status: TicketStatus.Booked } || seat.ReservationId != booking.ReservationId)
        {
            throw new DomainException(ErrorKind.TicketRevoked, "The ticket was revoked.",
                $"Seat {ticket.TicketId} is no longer held by booking '{booking.Id}'; the ticket does not admit.");
        }

        var scan = new CheckInRecord(eventId, ticket.TicketId, booking.Id, booking.UserId, gate, time.GetUtcNow(), caller.UserId);
        var result = await store.TryAdmitAsync(scan, cancellationToken);
        if (!result.Admitted)
        {
            var first = result.First;
            throw new DomainException(ErrorKind.AlreadyCheckedIn, "Already checked in.",
                $"Ticket {first.TicketId} was first scanned at {first.CheckedInAt:u}{(first.Gate is null ? "" : " at " + first.Gate)}.",
                new Dictionary<string, object?>
                {
                    ["ticketId"] = first.TicketId,
                    ["firstCheckedInAt"] = first.CheckedInAt,
                    ["firstGate"] = first.Gate,
                });
        }

        logger.LogInformation("Checked in seat {TicketId} of event {EventId} at {Gate}", ticket.TicketId, eventId, gate);
        return new CheckInView(eventId, ticket.TicketId, ticket.Section, ticket.Row, ticket.Seat, booking.Id, scan.CheckedInAt, gate);
    }

    /// <summary>Replaces the event's door staff (its organizer or an admin only).</summary>
    public async Task<StaffView> SetStaffAsync(Caller caller, string eventId, StaffRequest request, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(eventId, cancellationToken);
        if (record.CreatedBy != caller.UserId && !caller.IsInAnyRole(Roles.Admin))
        {
            throw new DomainException(ErrorKind.Forbidden, "You are not allowed to do this.",
                "Only the event's organizer or an admin may name its door staff.");
        }

        var userIds = ValidateStaff(request);
        var staff = new EventStaff(record.Id, userIds, time.GetUtcNow(), caller.UserId);
        await store.SetStaffAsync(staff, cancellationToken);
        _staff[record.Id] = (userIds.ToHashSet(StringComparer.Ordinal), time.GetUtcNow());
        logger.LogInformation("Event {EventId} door staff set to {StaffCount} people", record.Id, userIds.Count);
        return new StaffView(record.Id, userIds, staff.UpdatedAt);
    }

    private async Task EnsureDoorStaffAsync(Caller caller, string eventId, CancellationToken cancellationToken)
    {
        var record = await catalog.FindAsync(eventId, cancellationToken);
        if (record.CreatedBy == caller.UserId || caller.IsInAnyRole(Roles.Admin))
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_staff.TryGetValue(eventId, out var cached) && now - cached.ReadAt < StaffCacheLifetime && cached.UserIds.Contains(caller.UserId))
        {
            return;
        }

        var staff = await store.GetStaffAsync(eventId, cancellationToken);
        var userIds = (staff?.UserIds ?? []).ToHashSet(StringComparer.Ordinal);
        _staff[eventId] = (userIds, now);
        if (!userIds.Contains(caller.UserId))
        {
            throw new DomainException(ErrorKind.Forbidden, "You are not allowed to do this.",
                "Only the event's organizer, its door staff or an admin may check tickets in.");
        }
    }

    private static string? Validate(CheckInRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            errors["code"] = ["'code' is required: the text of the ticket's QR code."];
        }

        var gate = string.IsNullOrWhiteSpace(request.Gate) ? null : request.Gate.Trim();
        if (gate is { Length: > CheckInRequest.MaxGateLength } || gate?.Any(char.IsControl) == true)
        {
            errors["gate"] = [$"'gate' is up to {CheckInRequest.MaxGateLength} printable characters."];
        }

        return errors.Count > 0 ? throw new InvalidRequestException(errors) : gate;
    }

    private static List<string> ValidateStaff(StaffRequest request)
    {
        if (request.UserIds is not { } ids)
        {
            throw new InvalidRequestException(new Dictionary<string, string[]> { ["userIds"] = ["'userIds' is required (an empty list removes everyone)."] });
        }

        var errors = new Dictionary<string, string[]>();
        if (ids.Count > StaffRequest.MaxStaff)
        {
            errors["userIds"] = [$"At most {StaffRequest.MaxStaff} people."];
        }

        for (var i = 0; i < ids.Count && i < StaffRequest.MaxStaff; i++)
        {
            var id = ids[i]?.Trim();
            if (string.IsNullOrEmpty(id) || id.Length > StaffRequest.MaxUserIdLength || id.Any(char.IsControl))
            {
                errors[$"userIds[{i}]"] = [$"A user id is 1 to {StaffRequest.MaxUserIdLength} printable characters."];
            }
        }

        return errors.Count > 0
            ? throw new InvalidRequestException(errors)
            : ids.Select(id => id!.Trim()).Distinct(StringComparer.Ordinal).ToList();
    }
}
