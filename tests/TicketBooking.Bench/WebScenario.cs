using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketBooking.Demo;

namespace TicketBooking.Bench;

/// <summary>
/// The event page of the 50,000-seat stadium event in headless Chromium: the time from navigation to a drawn seat map
/// (the venue map's <c>seatmap-drawn</c> performance mark), each load in a fresh browser context (cold cache), the
/// time to open one section's 2,500 seats, and the compressed size of the page's script.
/// </summary>
public static partial class WebScenario
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var loads = options.Int("loads", 9);
        await using var server = await BenchServer.StartAsync(options, ["--Seed:Demo=true"]);
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };

        var html = await http.GetStringAsync("/");
        var scriptPath = ScriptTag().Match(html).Groups[1].Value;
        var script = await http.GetByteArrayAsync(scriptPath);
        var gzip = Compress(script, s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));
        var brotli = Compress(script, s => new BrotliStream(s, CompressionLevel.SmallestSize, leaveOpen: true));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchBrowser.LaunchAsync(playwright);
        var eventPath = $"/event/{options.Extra.GetValueOrDefault("event", DemoCatalog.StadiumEventId)}";
        var drawn = new List<double>();
        var zoomed = new List<double>();
        for (var i = 0; i <= loads; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Url });
            var page = await context.NewPageAsync();
            await page.GotoAsync(eventPath);
            await page.WaitForSelectorAsync("[data-testid=venue-map][data-drawn=true]");
            var ms = await page.EvaluateAsync<double>("performance.getEntriesByName('seatmap-drawn')[0].startTime");
            var started = await page.EvaluateAsync<double>("performance.now()");
            await page.Locator("[data-testid=venue-map] [role=button]").First.ClickAsync();
            await page.WaitForSelectorAsync("[data-testid=section-seats] [role=gridcell]");
            var zoom = await page.EvaluateAsync<double>("performance.now()") - started;
            if (i > 0)
            {
                drawn.Add(ms);
                zoomed.Add(zoom);
            }
        }

        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var medianDrawn = Median(drawn);
        var pass = medianDrawn < 1500 && gzip < 150 * 1024;
        Console.WriteLine();
        Console.WriteLine("## web: event page of the 50,000-seat event in headless Chromium");
        Console.WriteLine($"server: local host in process ({server.Url}); browser: {browser.Version}; loads: {loads} (+1 warm-up), each in a fresh context");
        Console.WriteLine();
        Console.WriteLine("| measure | value | target |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine($"| navigation to drawn seat map, median | {medianDrawn.ToString("F0", CultureInfo.InvariantCulture)} ms | < 1500 ms |");
        Console.WriteLine($"| navigation to drawn seat map, min / max | {drawn.Min():F0} / {drawn.Max():F0} ms | |");
        Console.WriteLine($"| open a section (2,500 seats drawn), median | {Median(zoomed):F0} ms | |");
        Console.WriteLine($"| script {scriptPath}, gzip | {gzip / 1024.0:F1} KiB | < 150 KiB |");
        Console.WriteLine($"| script, brotli / raw | {brotli / 1024.0:F1} / {script.Length / 1024.0:F1} KiB | |");
        Console.WriteLine();
        Console.WriteLine($"web -> {(pass ? "PASS" : "FAIL")}");
        return pass ? 0 : 1;
    }

    private static long Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(bytes);
        }

        return output.Length;
    }

    [GeneratedRegex("<script type=\"module\" src=\"([^\"]+)\"")]
    private static partial Regex ScriptTag();
}
