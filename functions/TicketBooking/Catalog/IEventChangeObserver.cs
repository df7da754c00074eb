namespace TicketBooking.Catalog;

/// <summary>
/// Told of every event the catalog created or changed (one being created has <see cref="EventStatus.Creating"/>, then
/// <see cref="EventStatus.Scheduled"/> once on sale; a cancelled event has <see cref="EventStatus.Cancelled"/>),
/// after the store accepted it. Must return at once: the search index listens and does its work in the background.
/// </summary>
public interface IEventChangeObserver
{
    void OnEventChanged(EventRecord record);
}
