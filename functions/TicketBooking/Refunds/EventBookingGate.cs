using TicketBooking.Booking;
using TicketBooking.Catalog;

namespace TicketBooking.Refunds;

/// <summary>
/// The last step before a reservation's seats are booked: its entry goes into the event's booking index, then the event's
/// status is read from the store (not a cache). The cancellation writes the status first and lists the index after, so
/// of a booking racing a cancellation either the booking sees the event cancelled (and refunds instead of booking) or
/// the cancellation's listing finds its entry (and refunds it once it is booked): none is missed.
/// </summary>
public sealed class EventBookingGate(IEventBookingIndex index, IEventStore events)
{
    /// <summary>True when the reservation may book; false when its event was cancelled.</summary>
    public async Task<bool> AdmitAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        await index.AddAsync(new EventBooking(reservation.DerivedBookingId, reservation.EventId, reservation.UserId, reservation.Id), cancellationToken);
        return (await events.GetAsync(reservation.EventId, cancellationToken))?.Status != EventStatus.Cancelled;
    }
}
