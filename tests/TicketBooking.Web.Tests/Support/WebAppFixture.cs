using Microsoft.Playwright;

namespace TicketBooking.Web.Tests.Support;

/// <summary>One local host (with the demo catalog) and one browser shared by every browser test.</summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public LocalWebHost Host { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(10_000);
        var host = LocalWebHost.StartAsync("--Seed:Demo=true", "--Booking:HoldDuration=00:02:00");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(Playwright);
        Host = await host;
    }

    public Task<BrowserSession> OpenAsync(string? userId = null, params string[] roles) => BrowserSession.OpenAsync(Browser, Host, userId, roles);

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app in a browser";
}
