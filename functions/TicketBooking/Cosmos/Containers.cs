using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Cosmos;

/// <summary>Container names and partition keys (kept in step with infra/app/cosmos.bicep).</summary>
public static class Containers
{
    public const string Events = "events";
    public const string Tickets = "tickets";
    public const string Reservations = "reservations";
    public const string Bookings = "bookings";

    /// <summary>Waiting room entries, per-event progress and ranking chunks (see <c>CosmosWaitingRoomStore</c>).</summary>
    public const string WaitingRoom = "waitingroom";

    /// <summary>Check-ins (one per admitted seat) and each event's door staff, partitioned by event (see <c>CosmosCheckInStore</c>).</summary>
    public const string CheckIns = "checkins";

    /// <summary>Bookings by event, and the progress of a cancelled event's refunds (see <c>CosmosEventBookingIndex</c>).</summary>
    public const string EventBookings = "eventbookings";

    /// <summary>Change feed continuations, one document per feed.</summary>
    public const string Leases = "leases";

    public static readonly IReadOnlyDictionary<string, string> PartitionKeys = new Dictionary<string, string>
    {
        [Events] = "/id",
        [Tickets] = "/eventId",
        [Reservations] = "/userId",
        [Bookings] = "/userId",
        [WaitingRoom] = "/partition",
        [CheckIns] = "/eventId",
        [EventBookings] = "/eventId",
        [Leases] = "/id",
    };
}
