using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.Cosmos;

public enum CosmosConnectionMode
{
    Gateway,
    Direct,
}
