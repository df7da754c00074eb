using System.Text.Json.Nodes;

namespace TicketBooking.Tests.Support;

public static class Payloads
{
    /// <summary>A valid create-event body; tests change one part of it to make it invalid.</summary>
    public static JsonObject NewEvent(string name = "Aurora Vance: Live", int sections = 2, int rows = 3, int seatsPerRow = 4) => new()
    {
        ["name"] = name,
        ["performers"] = new JsonArray("Aurora Vance"),
        ["category"] = "concert",
        ["description"] = "An evening of songs.",
        ["venue"] = new JsonObject { ["name"] = "Hudson Hall", ["city"] = "New York", ["address"] = "1 River Road" },
        ["startsAt"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
        ["sections"] = new JsonArray(Enumerable.Range(0, sections).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = ((char)('A' + i)).ToString(),
            ["rows"] = rows,
            ["seatsPerRow"] = seatsPerRow,
            ["price"] = 40 + i * 10,
            ["currency"] = "USD",
        }).ToArray()),
    };
}
