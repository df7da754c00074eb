using TicketBooking.Cosmos;
using TicketBooking.Inventory;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Inventory;

/// <summary>The inventory contract against the Cosmos-protocol server: real HTTP, real ETags, real 412s.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosTicketInventoryTests(CosmosServerFixture cosmos) : TicketInventoryContract
{
    protected override ITicketInventory CreateInventory() =>
        new CosmosTicketInventory(cosmos.Database.GetContainer(Containers.Tickets), Observer, Time);
}
