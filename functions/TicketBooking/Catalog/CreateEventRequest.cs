using System.Globalization;
using System.Text.RegularExpressions;
using TicketBooking.Http;
using TicketBooking.Payments;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Catalog;

public sealed class CreateEventRequest
{
    public string? Name { get; init; }
    public List<string>? Performers { get; init; }
    public string? Category { get; init; }
    public string? Description { get; init; }
    public VenueInput? Venue { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public List<SectionInput>? Sections { get; init; }

    /// <summary>The event's waiting room (optional; none when absent).</summary>
    public WaitingRoomInput? WaitingRoom { get; init; }

    /// <summary>The event's refund policy (optional; no refunds when absent).</summary>
    public RefundPolicyInput? RefundPolicy { get; init; }

    public sealed class VenueInput
    {
        public string? Name { get; init; }
        public string? City { get; init; }
        public string? Address { get; init; }
    }

    public sealed class SectionInput
    {
        public string? Name { get; init; }
        public int? Rows { get; init; }
        public int? SeatsPerRow { get; init; }
        public decimal? Price { get; init; }
        public string? Currency { get; init; }
    }
}
