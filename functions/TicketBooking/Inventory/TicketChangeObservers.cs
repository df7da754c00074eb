namespace TicketBooking.Inventory;

/// <summary>
/// Every registered <see cref="ITicketChangeObserver"/> as one (the availability board, search, ...): the inventory
/// reports its own writes here and the tickets change feed reports everyone's. Each feature adds its observer with
/// <c>TryAddEnumerable</c>, so the order of the <c>AddXxx()</c> calls does not matter. This type is registered as itself,
/// never as an <see cref="ITicketChangeObserver"/>, so it is not one of the observers it calls.
/// </summary>
public sealed class TicketChangeObservers(IEnumerable<ITicketChangeObserver> observers) : ITicketChangeObserver
{
    private readonly ITicketChangeObserver[] _observers = observers.ToArray();

    public IReadOnlyList<ITicketChangeObserver> Observers => _observers;

    public void OnTicketsChanged(string eventId, IReadOnlyList<Ticket> tickets)
    {
        foreach (var observer in _observers)
        {
            observer.OnTicketsChanged(eventId, tickets);
        }
    }
}
