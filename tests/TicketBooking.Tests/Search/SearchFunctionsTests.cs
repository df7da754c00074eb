extern alias functions;

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.Auth;
using TicketBooking.Catalog;
using TicketBooking.Inventory;
using TicketBooking.RateLimiting;
using TicketBooking.Search;
using TicketBooking.Search.Lucene;
using TicketBooking.Tests.Support;
using FunctionsApp = functions::TicketBooking.Functions;
using TicketBooking.Errors;
using TicketBooking.Http;

namespace TicketBooking.Tests.Search;

/// <summary>The Functions app's search triggers called directly, the way the Functions host would.</summary>
public sealed class SearchFunctionsTests : IDisposable
{
    private readonly LuceneEventSearch _search = new();
    private readonly FunctionsApp.Search.SearchFunctions _functions;
    private readonly RateLimits _limits = new(Options.Create(new RateLimitOptions()), NullLogger<RateLimits>.Instance);

    public SearchFunctionsTests()
    {
        var time = new ManualTime(SearchTestCatalog.Now);
        var board = new AvailabilityBoard(time);
        var indexer = new SearchIndexer(_search, new InMemoryEventStore(), new InMemoryTicketInventory(board, time), board, time,
            NullLogger<SearchIndexer>.Instance);
        var authenticator = new Authenticator(Options.Create(new AuthOptions { SigningKey = LocalTokenIssuer.NewSigningKey() }), time);
        _functions = new FunctionsApp.Search.SearchFunctions(new SearchApi(_search, indexer, authenticator, time, _limits));
    }

    public void Dispose()
    {
        _search.Dispose();
        _limits.Dispose();
    }

    private static async Task<(int Status, string Body, IHeaderDictionary Headers)> ExecuteAsync(IActionResult action, HttpContext context)
    {
        context.Response.Body = new MemoryStream();
        await action.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync(), context.Response.Headers);
    }

    [Fact]
    public async Task SearchEventsServesTheSameAnswerAsTheLocalHost()
    {
        await _search.UpsertAsync(SearchTestCatalog.Entries.ToArray());
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.QueryString = new QueryString("?search_term=coldpaly&location=Z%C3%BCrich&pageSize=3");

        var (status, body, headers) = await ExecuteAsync(await _functions.SearchEvents(context.Request, CancellationToken.None), context);

        Assert.Equal(200, status);
        Assert.Equal("public, max-age=5", headers.CacheControl.ToString());
        var expected = ReferenceSearch.Run(SearchTestCatalog.Entries,
            EventSearchQuery.Create("coldpaly", "Zürich", pageSize: 3, now: SearchTestCatalog.Now));
        using var json = JsonDocument.Parse(body);
        Assert.Equal(expected.Total, json.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(expected.Items.Select(i => i.EventId), json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task ABadPageIsAValidationProblem()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?page=0");

        var problem = await Assert.ThrowsAsync<InvalidRequestException>(() => _functions.SearchEvents(context.Request, CancellationToken.None));

        Assert.Contains("page", problem.Errors.Keys);
    }

    [Fact]
    public async Task TheSyncTimerDoesNothingWithoutCosmos()
    {
        var timer = new FunctionsApp.Search.SearchSyncFunctions(new ServiceCollection().BuildServiceProvider());

        await timer.SearchSync(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
    }
}
