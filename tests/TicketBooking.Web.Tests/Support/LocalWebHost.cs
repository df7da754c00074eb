using System.Net.Http.Json;
using System.Text.Json;
using TicketBooking.Local;
using TicketBooking.Testing;

namespace TicketBooking.Web.Tests.Support;

/// <summary>
/// The local host on a real Kestrel socket (a browser needs one) on a free loopback port, serving the built web app at
/// <c>/</c> and the API at <c>/api</c>, with rate limits far above what the tests send.
/// </summary>
public sealed class LocalWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalWebHost(WebApplication app, string url)
    {
        _app = app;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public string Url { get; }

    public HttpClient Http { get; }

    public static async Task<LocalWebHost> StartAsync(params string[] settings)
    {
        string[] args =
        [
            "--urls", Loopback.AnyPort, "--environment", "Testing",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--RateLimits:Reserve=100000", "--RateLimits:Confirm=100000", "--RateLimits:Cancel=100000",
            "--RateLimits:AnonymousReads=100000", "--RateLimits:AnonymousReadsBurst=100000",
            .. settings,
        ];
        var app = LocalHost.Create(args);
        await app.StartAsync();
        return new LocalWebHost(app, app.Urls.Single());
    }

    /// <summary>A token from the development sign-in.</summary>
    public async Task<string> TokenAsync(string userId, params string[] roles)
    {
        using var response = await Http.PostAsJsonAsync("/api/dev/token", new { userId, roles });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>
    /// Sends an API request as <paramref name="userId"/> (a development sign-in token with <paramref name="roles"/>), with
    /// <paramref name="body"/> as JSON: the answer's JSON (default when it has none). An answer other than 2xx throws with its body.
    /// </summary>
    public async Task<JsonElement> SendAsAsync(string userId, HttpMethod method, string path, object? body = null, params string[] roles)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", await TokenAsync(userId, roles));
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Creates an event with one section of <paramref name="rows"/> x <paramref name="seatsPerRow"/> seats and waits until it is on sale.</summary>
    public async Task<string> CreateEventAsync(string name, int rows = 3, int seatsPerRow = 8, decimal price = 40m, string organizer = "organizer-setup",
        object? refundPolicy = null)
    {
        var created = await SendAsAsync(organizer, HttpMethod.Post, "/api/admin/events", new
        {
            name, performers = new[] { "The Test Band" }, category = "concert", description = "A show for the browser tests.",
            venue = new { name = "Test Hall", city = "Testville", address = "1 Test Road" },
            startsAt = DateTimeOffset.UtcNow.AddDays(30),
            sections = new[] { new { name = "A", rows, seatsPerRow, price, currency = "USD" } },
            refundPolicy,
        }, "organizer");
        var eventId = created.GetProperty("eventId").GetString()!;
        for (var i = 0; i < 200; i++)
        {
            using var view = JsonDocument.Parse(await Http.GetStringAsync($"/api/event/{eventId}"));
            if (view.RootElement.GetProperty("status").GetString() == "scheduled")
            {
                return eventId;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Event {eventId} never went on sale.");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
