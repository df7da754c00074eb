using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TicketBooking.Tests.Support;

/// <summary>Creating an event through the API the way a client does: post it (202, status creating), then follow its Location until it is on sale.</summary>
public static class EventCreation
{
    public static async Task<JsonObject> CreateEventAsync(this HttpClient client, JsonObject? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/admin/events", body ?? Payloads.NewEvent());
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return await client.WaitUntilScheduledAsync(created["eventId"]!.GetValue<string>());
    }

    /// <summary>The event's view once its status is scheduled (every ticket written).</summary>
    public static async Task<JsonObject> WaitUntilScheduledAsync(this HttpClient client, string eventId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var view = (await client.GetFromJsonAsync<JsonObject>($"/api/event/{eventId}"))!;
            var status = view["status"]!.GetValue<string>();
            if (status == "scheduled")
            {
                return view;
            }

            Assert.True(status == "creating" && DateTime.UtcNow < deadline, $"Event {eventId} is '{status}', not scheduled in time.");
            await Task.Delay(20);
        }
    }
}
