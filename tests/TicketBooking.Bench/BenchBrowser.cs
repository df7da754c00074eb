using Microsoft.Playwright;

namespace TicketBooking.Bench;

/// <summary>Debian's chromium, headless, driven by Playwright (never a downloaded browser), reaching only this machine.</summary>
public static class BenchBrowser
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        File.Exists(ExecutablePath)
            ? await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1", "--disable-gpu"],
            })
            : throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install -y --no-install-recommends chromium fonts-liberation");
}
