using TicketBooking.Storage;

namespace TicketBooking.CheckIn;

/// <summary>The embedded check-in store: per-event partitions in memory, with the create-once rule of the Cosmos store.</summary>
public sealed class InMemoryCheckInStore : ICheckInStore
{
    private readonly InMemoryPartitionedMap<CheckInRecord> _checkIns = new();
    private readonly InMemoryPartitionedMap<EventStaff> _staff = new();

    public Task<AdmitResult> TryAdmitAsync(CheckInRecord checkIn, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_checkIns.TryCreate(checkIn.EventId, checkIn.TicketId, checkIn)
            ? new AdmitResult(true, checkIn)
            : new AdmitResult(false, _checkIns.Get(checkIn.EventId, checkIn.TicketId)!.Value.Value));
    }

    public Task<CheckInRecord?> GetAsync(string eventId, string ticketId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_checkIns.Get(eventId, ticketId)?.Value);
    }

    public Task<EventStaff?> GetStaffAsync(string eventId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_staff.Get(eventId, CosmosCheckInStore.StaffId)?.Value);
    }

    public Task SetStaffAsync(EventStaff staff, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _staff.Upsert(staff.EventId, CosmosCheckInStore.StaffId, staff);
        return Task.CompletedTask;
    }
}
