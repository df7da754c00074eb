using Microsoft.Playwright;

namespace TicketBooking.Web.Tests.Support;

/// <summary>Debian's chromium, headless, never downloaded by Playwright, and unable to reach anything but this machine.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: install it with `apt-get install -y --no-install-recommends chromium fonts-liberation` (tests/run.sh does).");
        }

        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1", "--disable-gpu"],
        });
    }
}
