extern alias functions;

using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.Auth;
using TicketBooking.Booking;
using TicketBooking.Catalog;
using TicketBooking.Errors;
using TicketBooking.Http;
using TicketBooking.Payments;
using TicketBooking.RateLimiting;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Support;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Hosting;

/// <summary>The limits through the Functions app's triggers, called the way the Functions host calls them.</summary>
public sealed class FunctionsRateLimitTests : IDisposable
{
    private readonly BookingWorld _world = new();
    private readonly RateLimits _limits = new(Options.Create(new RateLimitOptions
    {
        Reserve = 2,
        AnonymousReads = 1,
        AnonymousReadsBurst = 2,
    }), NullLogger<RateLimits>.Instance);

    private readonly LocalTokenIssuer _tokens;
    private readonly FunctionsApp.Booking.BookingFunctions _booking;
    private readonly FunctionsApp.Catalog.CatalogFunctions _catalog;

    public FunctionsRateLimitTests()
    {
        var auth = Options.Create(new AuthOptions { SigningKey = LocalTokenIssuer.NewSigningKey() });
        var authenticator = new Authenticator(auth, _world.Time);
        _tokens = new LocalTokenIssuer(auth, _world.Time);
        var webhook = new StripeWebhook(Options.Create(new StripeOptions()), _world.Time, NullLogger<StripeWebhook>.Instance);
        _booking = new FunctionsApp.Booking.BookingFunctions(new BookingApi(_world.ReserveSeats, _world.ConfirmReservation,
            _world.CancelOrExpire, _world.SettlePayment, _world.Reservations, authenticator, _limits, webhook,
            TestWaitingRooms.Create(_world.Catalog, _world.Time),
            new HoldExpiry(_world.CancelOrExpire, _world.Store, _world.Time, NullLogger<HoldExpiry>.Instance), _world.Time, NullLogger<BookingApi>.Instance));
        _catalog = new FunctionsApp.Catalog.CatalogFunctions(new CatalogApi(_world.Catalog, authenticator, _limits));
    }

    public void Dispose() => _limits.Dispose();

    private static DefaultHttpContext NewContext(string? remoteAddress = null)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Connection.RemoteIpAddress = remoteAddress is null ? null : IPAddress.Parse(remoteAddress);
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>Runs a trigger and, like the app's problem middleware, maps what it throws through <see cref="ProblemMapper"/>.</summary>
    private static async Task<int> RunAsync(HttpContext context, Func<Task<IActionResult>> trigger)
    {
        try
        {
            var action = await trigger();
            await action.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        }
        catch (Exception exception)
        {
            await ProblemMapper.WriteAsync(context, exception, NullLogger.Instance);
        }

        return context.Response.StatusCode;
    }

    private DefaultHttpContext ReserveRequest(string userId, string eventId, string ticketId)
    {
        var context = NewContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Headers.Authorization = "Bearer " + _tokens.Issue(userId, []);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"eventId":"{{eventId}}","ticketIds":["{{ticketId}}"]}"""));
        return context;
    }

    [Fact]
    public async Task TheThirdReserveOfAUserIs429WithRetryAfterWhileAnotherUserIsServed()
    {
        var eventId = await _world.AddEventAsync();
        for (var seat = 1; seat <= 2; seat++)
        {
            var ok = ReserveRequest("fn-ana", eventId, $"A-1-{seat}");
            Assert.Equal(201, await RunAsync(ok, () => _booking.Reserve(ok.Request, CancellationToken.None)));
        }

        var refused = ReserveRequest("fn-ana", eventId, "A-1-3");
        var other = ReserveRequest("fn-ben", eventId, "A-1-4");

        var direct = await Assert.ThrowsAsync<DomainException>(() => _booking.Reserve(ReserveRequest("fn-ana", eventId, "A-1-3").Request,
            CancellationToken.None));
        Assert.Equal(ErrorKind.RateLimited, direct.Kind);
        Assert.Equal(429, await RunAsync(refused, () => _booking.Reserve(refused.Request, CancellationToken.None)));
        Assert.False(string.IsNullOrEmpty(refused.Response.Headers.RetryAfter));
        Assert.Equal(ProblemMapper.ContentType, refused.Response.ContentType);
        Assert.Equal(201, await RunAsync(other, () => _booking.Reserve(other.Request, CancellationToken.None)));
    }

    [Fact]
    public async Task GetEventIsLimitedPerConnectionAddressWhileAnotherAddressIsServed()
    {
        var eventId = await _world.AddEventAsync();
        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            var context = NewContext("203.0.113.7");
            statuses.Add(await RunAsync(context, () => _catalog.GetEvent(context.Request, eventId, CancellationToken.None)));
        }

        var other = NewContext("198.51.100.9");
        var otherStatus = await RunAsync(other, () => _catalog.GetEvent(other.Request, eventId, CancellationToken.None));

        Assert.Contains(429, statuses);
        Assert.Equal(200, otherStatus);
    }

    [Fact]
    public void TheFunctionsAppTakesTheClientAddressFromForwardedForUnlessTheSettingSaysOtherwise()
    {
        using var byDefault = FunctionsAppHost.Build();
        using var turnedOff = FunctionsAppHost.Build(new Dictionary<string, string>(FunctionsAppHost.AzureSettings)
        {
            ["RateLimits:BehindTrustedProxy"] = "false",
        });

        Assert.True(byDefault.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.BehindTrustedProxy);
        Assert.False(turnedOff.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.BehindTrustedProxy);
    }

    [Fact]
    public void TheLocalHostUsesTheConnectionAddressByDefault()
    {
        using var local = new LocalHostFactory();

        Assert.False(local.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.BehindTrustedProxy);
    }
}
