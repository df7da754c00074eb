extern alias functions;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.Catalog;
using TicketBooking.Demo;
using TicketBooking.Http;
using TicketBooking.Inventory;
using TicketBooking.Live;
using TicketBooking.RateLimiting;
using TicketBooking.Tests.Support;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Live;

/// <summary>The Functions app's stream trigger called the way its ASP.NET Core integration calls it: the action runs against the response.</summary>
public sealed class LiveFunctionsTests : IDisposable
{
    private readonly RateLimits _limits = new(Options.Create(new RateLimitOptions()), NullLogger<RateLimits>.Instance);

    public void Dispose() => _limits.Dispose();

    [Fact]
    public async Task TheStreamFunctionWritesTheSnapshotTheChangesAndEndsWithARetryHint()
    {
        var time = TimeProvider.System;
        var streamOptions = Options.Create(new ServerSentEventsOptions
        {
            MaxDuration = TimeSpan.FromSeconds(1.5), HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        });
        var board = new AvailabilityBoard(time);
        var inventory = new InMemoryTicketInventory(board, time);
        var catalog = TestCatalog.Create(new InMemoryEventStore(), inventory, board, time);
        await catalog.AddAsync(DemoCatalog.Stadium(time.GetUtcNow()), CancellationToken.None);
        using var feeds = new LiveFeeds(board, Options.Create(new LiveOptions()), streamOptions, time, NullLogger<LiveFeeds>.Instance);
        var listeners = new StreamListeners(streamOptions);
        var api = new LiveApi(catalog, feeds, new ServerSentEvents(listeners, streamOptions, time, NullLogger<ServerSentEvents>.Instance), _limits);
        var functions = new FunctionsApp.Live.LiveFunctions(api);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        var action = await functions.StreamEvent(context.Request, DemoCatalog.StadiumEventId, CancellationToken.None);
        var running = action.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        await Eventually.TrueAsync(() => feeds.ListenersOf(DemoCatalog.StadiumEventId) == 1, TimeSpan.FromSeconds(5));
        var ticket = (await inventory.GetTicketsAsync(DemoCatalog.StadiumEventId)).First().TicketId;
        await inventory.HoldAsync(DemoCatalog.StadiumEventId, "res-1", [ticket], time.GetUtcNow().AddMinutes(5));
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        var body = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal("text/event-stream", context.Response.ContentType);
        Assert.Equal("no-cache", context.Response.Headers.CacheControl.ToString());
        Assert.Contains("event: snapshot\n", body, StringComparison.Ordinal);
        Assert.Contains($"{{\"ticketId\":\"{ticket}\",\"status\":\"held\"}}", body, StringComparison.Ordinal);
        Assert.Contains(": heartbeat\n", body, StringComparison.Ordinal);
        Assert.EndsWith("retry: 2000\n\n", body, StringComparison.Ordinal);
        Assert.Equal(0, listeners.Count);
    }
}
