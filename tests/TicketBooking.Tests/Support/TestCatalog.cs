using Microsoft.Extensions.Logging.Abstractions;
using TicketBooking.Catalog;
using TicketBooking.Inventory;

namespace TicketBooking.Tests.Support;

/// <summary>An <see cref="EventCatalog"/> over the given stores with the default catalog settings, for tests without a host.</summary>
public static class TestCatalog
{
    public static EventCatalog Create(IEventStore events, ITicketInventory inventory, AvailabilityBoard board, TimeProvider time,
        CatalogOptions? options = null)
    {
        var settings = Microsoft.Extensions.Options.Options.Create(options ?? new CatalogOptions());
        return new EventCatalog(events, inventory, board, new OrganizerLimits(events, settings, time), settings, time,
            NullLogger<EventCatalog>.Instance);
    }
}
