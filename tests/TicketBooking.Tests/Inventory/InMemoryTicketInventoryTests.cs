using TicketBooking.Inventory;

namespace TicketBooking.Tests.Inventory;

public sealed class InMemoryTicketInventoryTests : TicketInventoryContract
{
    protected override ITicketInventory CreateInventory() => new InMemoryTicketInventory(Observer, Time);
}
