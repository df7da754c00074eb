using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TicketBooking.Auth;

namespace TicketBooking.Tests.Support;

/// <summary>
/// The local host in process, embedded stores, no demo catalog unless asked; settings can be overridden per test class.
/// Rate limits are set far above what any test sends (many racing users, search suites from one address); the rate
/// limit tests set small ones.
/// </summary>
public class LocalHostFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Seed:Demo"] = "false",
        ["RateLimits:Reserve"] = "100000",
        ["RateLimits:Confirm"] = "100000",
        ["RateLimits:Cancel"] = "100000",
        ["RateLimits:CheckIn"] = "100000",
        ["RateLimits:AnonymousReads"] = "100000",
        ["RateLimits:AnonymousReadsBurst"] = "100000",
    };

    public ManualTime? Time { get; init; }

    public LocalHostFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Time is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
        }
    }

    /// <summary>A client signed in as <paramref name="userId"/> with the given roles (tokens from the development sign-in).</summary>
    public HttpClient ClientFor(string userId, params string[] roles)
    {
        var client = CreateClient();
        var token = Services.GetRequiredService<LocalTokenIssuer>().Issue(userId, roles);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
