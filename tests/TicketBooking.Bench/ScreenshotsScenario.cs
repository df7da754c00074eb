using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TicketBooking.Demo;

namespace TicketBooking.Bench;

/// <summary>
/// Screenshots of the web app's main pages (docs/screenshots by default): the stadium event is given some sold and
/// held seats first, so the seat map shows every colour.
/// <c>dotnet run -c Release --project tests/TicketBooking.Bench -- screenshots [--out DIR]</c>
/// </summary>
public static class ScreenshotsScenario
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var outDir = Path.GetFullPath(options.Extra.GetValueOrDefault("out", Path.Combine(RepoRoot(), "docs", "screenshots")));
        Directory.CreateDirectory(outDir);
        await using var server = await BenchServer.StartAsync(options, ["--Seed:Demo=true"]);
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        var stadium = DemoCatalog.StadiumEventId;

        // Some seats sold and held in the first sections.
        for (var i = 0; i < 24; i++)
        {
            var token = await TokenAsync(http, $"fan{i}");
            var section = i % 3 == 0 ? "S102" : "S101";
            using var reserve = Send(HttpMethod.Post, "/api/booking/reserve", token, new { eventId = stadium, section, quantity = 6 });
            using var reserved = await http.SendAsync(reserve);
            var reservation = JsonDocument.Parse(await reserved.Content.ReadAsStringAsync()).RootElement;
            if (i % 2 == 0 && reservation.TryGetProperty("reservationId", out var id))
            {
                using var confirm = Send(HttpMethod.Put, "/api/booking/confirm", token, new { reservationId = id.GetString(), paymentMethodId = "pm_card_visa" });
                (await http.SendAsync(confirm)).Dispose();
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchBrowser.LaunchAsync(playwright);
        var buyer = await SignedInPageAsync(browser, http, server.Url, "ana", [], 1280, 860);
        var page = buyer.Page;

        await page.GotoAsync("/");
        await page.WaitForSelectorAsync(".card");
        await Shot(page, outDir, "home.png");

        await page.GotoAsync($"/event/{stadium}");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Section S101:") }).ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=section-seats] [data-status=available]");
        var free = page.Locator("[data-testid=section-seats] [data-status=available]");
        await free.Nth(40).ClickAsync();
        await free.Nth(40).ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await Shot(page, outDir, "event.png", fullPage: true);

        await page.GetByRole(AriaRole.Button, new() { Name = "Hold 2 seats" }).ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=countdown]");
        await Shot(page, outDir, "checkout.png");

        await page.GetByLabel("Card declined").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Pay") }).ClickAsync();
        await page.WaitForSelectorAsync("[role=alert]");
        await Shot(page, outDir, "checkout-declined.png");
        await page.GetByLabel("Visa ending 4242").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Pay") }).ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=booking-id]");

        // A refundable booking next to the stadium's, and an event with bookings to cancel.
        var organizerToken = await TokenAsync(http, "olga", "organizer", "admin");
        var jazz = await CreateEventAsync(http, organizerToken, RefundableEvent, new { kind = "beforeStart", hoursBeforeStart = 48 });
        var gala = await CreateEventAsync(http, organizerToken, "Winter Gala", new { kind = "none" });
        await BookAsync(http, await TokenAsync(http, "ana"), jazz, "A-2-3", "A-2-4");
        for (var i = 1; i <= 12; i++)
        {
            await BookAsync(http, await TokenAsync(http, $"guest{i}"), gala, $"A-{(i - 1) / 8 + 1}-{(i - 1) % 8 + 1}");
        }

        await page.GotoAsync("/bookings");
        await page.WaitForSelectorAsync(".booking");
        await page.GetByText(RefundableEvent).First.WaitForAsync();
        await Shot(page, outDir, "bookings.png", fullPage: true);

        await page.GetByRole(AriaRole.Listitem).Filter(new() { HasNotText = RefundableEvent }).GetByRole(AriaRole.Link, new() { Name = "Tickets" }).First.ClickAsync();
        await page.WaitForSelectorAsync(".qr img");
        var ticketCode = (await page.GetByTestId("ticket-code").First.TextContentAsync())!;
        await Shot(page, outDir, "tickets.png", fullPage: true);

        await page.GotoAsync("/bookings");
        var refundable = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = RefundableEvent });
        await refundable.GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();
        await refundable.GetByText("Refunded").First.WaitForAsync();
        await Shot(page, outDir, "bookings-refunded.png", fullPage: true);

        var waiting = await RoomScreenshotAsync(browser, http, server.Url, stadium, outDir);

        var organizer = await SignedInPageAsync(browser, http, server.Url, "olga", ["organizer", "admin"], 1280, 900);
        await organizer.Page.GotoAsync($"/organizer/events/{stadium}");
        await organizer.Page.WaitForSelectorAsync("[data-testid=stat-sold]");
        await organizer.Page.WaitForTimeoutAsync(4500);
        await Shot(organizer.Page, outDir, "dashboard.png", fullPage: true);
        await organizer.Page.GotoAsync($"/organizer/events/{gala}");
        await organizer.Page.GetByRole(AriaRole.Button, new() { Name = "Cancel event…" }).ClickAsync();
        var dialog = organizer.Page.GetByRole(AriaRole.Alertdialog, new() { Name = "Confirm the cancellation" });
        await dialog.WaitForAsync();
        await Shot(organizer.Page, outDir, "cancel-confirm.png", fullPage: true);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel the event" }).ClickAsync();
        await organizer.Page.GetByTestId("cancellation-progress").GetByText("refunds finished").WaitForAsync(new() { Timeout = 60_000 });
        await Shot(organizer.Page, outDir, "cancellation.png", fullPage: true);
        await organizer.Page.GotoAsync($"/checkin?event={stadium}");
        await organizer.Page.GetByLabel("Gate or device").FillAsync("North 2");
        await organizer.Page.GetByLabel("Ticket code").FillAsync(ticketCode);
        await organizer.Page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await organizer.Page.WaitForSelectorAsync(".admit.ok");
        await Shot(organizer.Page, outDir, "checkin.png");
        await organizer.Page.GetByLabel("Ticket code").FillAsync(ticketCode);
        await organizer.Page.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await organizer.Page.WaitForSelectorAsync(".admit.warn");
        await Shot(organizer.Page, outDir, "checkin-again.png");
        await organizer.Page.GotoAsync("/organizer");
        await organizer.Page.WaitForSelectorAsync("form.create");
        await Shot(organizer.Page, outDir, "organizer.png", fullPage: true);

        var phone = await SignedInPageAsync(browser, http, server.Url, "pat", [], 390, 844);
        await phone.Page.GotoAsync($"/event/{stadium}");
        await phone.Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Section S102:") }).ClickAsync();
        await phone.Page.WaitForSelectorAsync("[data-testid=section-seats]");
        await Shot(phone.Page, outDir, "event-phone.png");

        var signedOut = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.Url, ViewportSize = new() { Width = 1280, Height = 700 } });
        await signedOut.GotoAsync("/signin");
        await signedOut.WaitForSelectorAsync("form");
        await Shot(signedOut, outDir, "signin.png");

        if (waiting)
        {
            await ListScreenshotsAsync(browser, http, server.Url, outDir);
        }

        Console.WriteLine($"screenshots written to {outDir}{(waiting ? "" : " (no waiting room on this service: none of it)")}");
        return 0;
    }

    /// <summary>The waiting room page, when the service has waiting rooms: turned on for the stadium at one admission a minute.</summary>
    private static async Task<bool> RoomScreenshotAsync(IBrowser browser, HttpClient http, string url, string eventId, string outDir)
    {
        var admin = await TokenAsync(http, "olga", "admin");
        var now = DateTimeOffset.UtcNow;
        using var on = Send(HttpMethod.Put, $"/api/admin/events/{eventId}/waiting-room", admin,
            new { enabled = true, opensAt = now, onSaleAt = now, admitPerMinute = 1 });
        using var answer = await http.SendAsync(on);
        if (!answer.IsSuccessStatusCode)
        {
            return false;
        }

        for (var i = 0; i < 40; i++)
        {
            using var early = Send(HttpMethod.Post, $"/api/event/{eventId}/queue", await TokenAsync(http, $"early{i}"), null);
            (await http.SendAsync(early)).Dispose();
        }

        var waiter = await SignedInPageAsync(browser, http, url, "wendy", [], 1280, 760);
        await waiter.Page.GotoAsync($"/event/{eventId}/queue");
        await waiter.Page.WaitForSelectorAsync("[data-testid=queue-position]");
        await waiter.Page.WaitForTimeoutAsync(1500);
        await Shot(waiter.Page, outDir, "waiting-room.png");
        return true;
    }

    private const string RefundableEvent = "Jazz by the River";

    /// <summary>Creates an event of one section (3 rows of 8 seats) with <paramref name="refundPolicy"/> and waits until it is on sale.</summary>
    private static async Task<string> CreateEventAsync(HttpClient http, string organizerToken, string name, object refundPolicy)
    {
        using var request = Send(HttpMethod.Post, "/api/admin/events", organizerToken, new
        {
            name, performers = new[] { "The House Band" }, category = "concert", description = "An evening of music.",
            venue = new { name = "Riverside Hall", city = "Lisbon", address = "1 Quay Road" },
            startsAt = DateTimeOffset.UtcNow.AddDays(21).Date.AddHours(20),
            sections = new[] { new { name = "A", rows = 3, seatsPerRow = 8, price = 45m, currency = "EUR" } },
            refundPolicy,
        });
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var eventId = JsonDocument.Parse(body).RootElement.TryGetProperty("eventId", out var id)
            ? id.GetString()!
            : throw new InvalidOperationException($"Creating {name} answered {(int)response.StatusCode}: {body}");
        for (var i = 0; i < 200; i++)
        {
            using var view = JsonDocument.Parse(await http.GetStringAsync($"/api/event/{eventId}"));
            if (view.RootElement.GetProperty("status").GetString() == "scheduled")
            {
                return eventId;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{name} never went on sale.");
    }

    /// <summary>Reserves <paramref name="ticketIds"/> and pays with the simulator's Visa.</summary>
    private static async Task BookAsync(HttpClient http, string token, string eventId, params string[] ticketIds)
    {
        using var reserve = Send(HttpMethod.Post, "/api/booking/reserve", token, new { eventId, ticketIds });
        using var reserved = await http.SendAsync(reserve);
        var reservation = JsonDocument.Parse(await reserved.Content.ReadAsStringAsync()).RootElement;
        using var confirm = Send(HttpMethod.Put, "/api/booking/confirm", token,
            new { reservationId = reservation.GetProperty("reservationId").GetString(), paymentMethodId = "pm_card_visa" });
        using var confirmed = await http.SendAsync(confirm);
        confirmed.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// A sold-out event's page offering its waiting list, and the list's page with the place and those ahead: a small
    /// club show whose six seats are all held, with twelve people already on the list.
    /// </summary>
    private static async Task ListScreenshotsAsync(IBrowser browser, HttpClient http, string url, string outDir)
    {
        var organizer = await TokenAsync(http, "olga", "admin");
        using var create = Send(HttpMethod.Post, "/api/admin/events", organizer, new
        {
            name = "Late Show at the Cellar", performers = new[] { "The Night Owls" }, category = "concert",
            description = "An intimate set in a small room: six seats, long gone.",
            venue = new { name = "The Cellar", city = "Lisbon", address = "Rua da Rosa 12" },
            startsAt = DateTimeOffset.UtcNow.AddDays(20),
            sections = new[] { new { name = "Floor", rows = 1, seatsPerRow = 6, price = 35m, currency = "EUR" } },
        });
        using var created = await http.SendAsync(create);
        var eventId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("eventId").GetString()!;
        for (var i = 0; i < 100 && !(await http.GetStringAsync($"/api/event/{eventId}")).Contains("\"scheduled\"", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        using var holdAll = Send(HttpMethod.Post, "/api/booking/reserve", await TokenAsync(http, "early-bird"),
            new { eventId, ticketIds = Enumerable.Range(1, 6).Select(seat => $"Floor-1-{seat}").ToArray() });
        (await http.SendAsync(holdAll)).Dispose();
        for (var i = 0; i < 12; i++)
        {
            using var join = Send(HttpMethod.Post, $"/api/event/{eventId}/queue", await TokenAsync(http, $"fan-list{i}"), null);
            (await http.SendAsync(join)).Dispose();
        }

        var buyer = await SignedInPageAsync(browser, http, url, "lena", [], 1280, 760);
        await buyer.Page.GotoAsync($"/event/{eventId}");
        await buyer.Page.WaitForSelectorAsync("[data-testid=list-length]");
        await Shot(buyer.Page, outDir, "waiting-list-event.png");
        await buyer.Page.GetByRole(AriaRole.Link, new() { Name = "Join the waiting list" }).ClickAsync();
        await buyer.Page.WaitForSelectorAsync("[data-testid=queue-ahead]");
        await buyer.Page.WaitForTimeoutAsync(1500);
        await Shot(buyer.Page, outDir, "waiting-list.png");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TicketBooking.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }

    private static HttpRequestMessage Send(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    private static async Task<string> TokenAsync(HttpClient http, string userId, params string[] roles)
    {
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { userId, roles });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<(IBrowserContext Context, IPage Page)> SignedInPageAsync(IBrowser browser, HttpClient http, string url, string userId,
        string[] roles, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, ViewportSize = new() { Width = width, Height = height } });
        var session = JsonSerializer.Serialize(new { token = await TokenAsync(http, userId, roles), userId, roles });
        await context.AddInitScriptAsync($"localStorage.setItem('tb.session', {JsonSerializer.Serialize(session)});");
        return (context, await context.NewPageAsync());
    }

    private static async Task Shot(IPage page, string dir, string name, bool fullPage = false)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name), FullPage = fullPage });
        Console.WriteLine($"  {name}");
    }
}
