using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;
using TicketBooking.Cosmos;

namespace TicketBooking.CheckIn;

/// <summary>
/// Check-ins in Cosmos DB: the <c>checkins</c> container, partitioned by <c>/eventId</c>. One document per admitted seat
/// (id = the seat's ticket id), created with a plain create, which Cosmos refuses with 409 when the id exists: the same
/// exactly-once rule as a ticket's conditional write. The event's door staff is one more document in the same
/// partition (id <see cref="StaffId"/>, never a seat id, as seat ids always hold a dash).
/// </summary>
public sealed class CosmosCheckInStore(Container container) : ICheckInStore
{
    public const string StaffId = "staff";

    public sealed record CheckInDocument(
        [property: JsonPropertyName("id")] string Id,
        string EventId,
        string Kind,
        string BookingId,
        string UserId,
        string? Gate,
        DateTimeOffset CheckedInAt,
        string CheckedInBy)
    {
        public static CheckInDocument From(CheckInRecord r) => new(r.TicketId, r.EventId, "checkin", r.BookingId, r.UserId, r.Gate, r.CheckedInAt, r.CheckedInBy);

        public CheckInRecord ToRecord() => new(EventId, Id, BookingId, UserId, Gate, CheckedInAt, CheckedInBy);
    }

    public sealed record StaffDocument(
        [property: JsonPropertyName("id")] string Id,
        string EventId,
        string Kind,
        IReadOnlyList<string> UserIds,
        DateTimeOffset UpdatedAt,
        string UpdatedBy);

    public async Task<AdmitResult> TryAdmitAsync(CheckInRecord checkIn, CancellationToken cancellationToken = default)
    {
        var partition = new PartitionKey(checkIn.EventId);
        if (await container.CreateIfAbsentAsync(CheckInDocument.From(checkIn), partition, cancellationToken))
        {
            return new AdmitResult(true, checkIn);
        }

        // Check-ins are never deleted, so the one that won is there to read.
        var first = await container.ReadOrNullAsync<CheckInDocument>(checkIn.TicketId, partition, cancellationToken)
            ?? throw new InvalidOperationException($"Check-in {checkIn.EventId}/{checkIn.TicketId} conflicted but cannot be read.");
        return new AdmitResult(false, first.Value.ToRecord());
    }

    public async Task<CheckInRecord?> GetAsync(string eventId, string ticketId, CancellationToken cancellationToken = default) =>
        (await container.ReadOrNullAsync<CheckInDocument>(ticketId, new PartitionKey(eventId), cancellationToken))?.Value is { Kind: "checkin" } d
            ? d.ToRecord()
            : null;

    public async Task<EventStaff?> GetStaffAsync(string eventId, CancellationToken cancellationToken = default) =>
        (await container.ReadOrNullAsync<StaffDocument>(StaffId, new PartitionKey(eventId), cancellationToken))?.Value is { } d
            ? new EventStaff(d.EventId, d.UserIds, d.UpdatedAt, d.UpdatedBy)
            : null;

    public Task SetStaffAsync(EventStaff staff, CancellationToken cancellationToken = default) =>
        container.UpsertItemAsync(new StaffDocument(StaffId, staff.EventId, "staff", staff.UserIds, staff.UpdatedAt, staff.UpdatedBy),
            new PartitionKey(staff.EventId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken);
}
