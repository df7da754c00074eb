using System.Net;
using Microsoft.Azure.Cosmos;
using TicketBooking.Catalog;
using TicketBooking.Cosmos;
using TicketBooking.Inventory;

namespace TicketBooking.Search;

/// <summary>What one change feed pass did.</summary>
public sealed record SearchSyncResult(int EventsApplied, int AvailabilityPushed);
