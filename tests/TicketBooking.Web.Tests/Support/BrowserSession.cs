using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace TicketBooking.Web.Tests.Support;

/// <summary>
/// One browser context (one person) on the web app, optionally signed in, recording every console error and uncaught
/// page error. A failed request to the API that the app answers in words (a 4xx problem) is expected behaviour and
/// not counted; anything else is, and <see cref="AssertNoConsoleErrors"/> fails the test.
/// </summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();

    private BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && !IsExpectedApiAnswer(message))
            {
                _errors.Enqueue($"console: {message.Text} at {message.Location}");
            }
        };
        context.WebError += (_, error) => _errors.Enqueue($"page error: {error.Error}");
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, LocalWebHost host, string? userId = null, string[]? roles = null,
        ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.Url,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        if (userId is not null)
        {
            roles ??= [];
            var token = await host.TokenAsync(userId, roles);
            var session = JsonSerializer.Serialize(new { token, userId, roles });
            await context.AddInitScriptAsync($"if (!sessionStorage.getItem('tb.test')) {{ sessionStorage.setItem('tb.test', '1'); localStorage.setItem('tb.session', {JsonSerializer.Serialize(session)}); }}");
        }

        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    public void AssertNoConsoleErrors() => Assert.Empty(_errors);

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private static bool IsExpectedApiAnswer(IConsoleMessage message) =>
        ApiProblem().IsMatch(message.Text) && message.Location.Contains("/api/", StringComparison.Ordinal);

    [GeneratedRegex(@"^Failed to load resource: the server responded with a status of 4\d\d")]
    private static partial Regex ApiProblem();
}
