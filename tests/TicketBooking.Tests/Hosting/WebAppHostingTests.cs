using System.Net;
using System.Text.RegularExpressions;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Hosting;

/// <summary>The local host serves the built web app at <c>/</c> (copied beside its binaries by the build) next to the API.</summary>
public sealed partial class WebAppHostingTests(LocalHostFactory host) : IClassFixture<LocalHostFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/event/evt-stadium-finale")]
    [InlineData("/checkout/res-123")]
    public async Task TheAppAndEachOfItsRoutesAnswerTheIndexPageWithoutCaching(string path)
    {
        using var response = await host.CreateClient().GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\">", html, StringComparison.Ordinal);
        Assert.Matches(ScriptTag(), html);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashedAssetsAreCachedForAYear()
    {
        var client = host.CreateClient();
        var script = ScriptTag().Match(await client.GetStringAsync("/")).Groups[1].Value;

        using var response = await client.GetAsync(script);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/api/no-such-route")]
    [InlineData("/api")]
    public async Task UnknownApiRoutesStillAnswerProblemJsonNotThePage(string path)
    {
        using var response = await host.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AMissingFileIsNotFoundRatherThanThePage()
    {
        using var response = await host.CreateClient().GetAsync("/assets/missing-0000.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex("<script type=\"module\" src=\"(/assets/app-[A-Z0-9]+\\.js)\"></script>")]
    private static partial Regex ScriptTag();
}
