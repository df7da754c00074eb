extern alias functions;

using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Moq;
using TicketBooking.Auth;
using TicketBooking.Catalog;
using TicketBooking.Demo;
using TicketBooking.Inventory;
using TicketBooking.RateLimiting;
using TicketBooking.Tests.Support;
using FunctionsApp = functions::TicketBooking.Functions;
using TicketBooking.Errors;
using TicketBooking.Http;

namespace TicketBooking.Tests.Hosting;

/// <summary>The Functions app's triggers called directly, the way the Functions host would, with the shared handlers behind them.</summary>
public sealed class FunctionsHandlerTests : IDisposable
{
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly EventCatalog _catalog;
    private readonly FunctionsApp.Catalog.CatalogFunctions _functions;
    private readonly LocalTokenIssuer _tokens;
    private readonly RateLimits _limits = new(Options.Create(new RateLimitOptions()),
        Microsoft.Extensions.Logging.Abstractions.NullLogger<RateLimits>.Instance);

    public FunctionsHandlerTests()
    {
        var options = Options.Create(new AuthOptions { SigningKey = LocalTokenIssuer.NewSigningKey() });
        var board = new AvailabilityBoard(_time);
        var inventory = new InMemoryTicketInventory(board, _time);
        _catalog = TestCatalog.Create(new InMemoryEventStore(), inventory, board, _time);
        _functions = new FunctionsApp.Catalog.CatalogFunctions(new CatalogApi(_catalog, new Authenticator(options, _time), _limits));
        _tokens = new LocalTokenIssuer(options, _time);
    }

    public void Dispose() => _limits.Dispose();

    private static async Task<(int Status, string Body, IHeaderDictionary Headers)> ExecuteAsync(IActionResult action, HttpContext context)
    {
        context.Response.Body = new MemoryStream();
        await action.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync(), context.Response.Headers);
    }

    private static DefaultHttpContext NewContext() =>
        new() { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };

    [Fact]
    public async Task GetEventServesTheSameViewAsTheLocalHost()
    {
        await _catalog.AddAsync(DemoCatalog.Stadium(_time.GetUtcNow()), CancellationToken.None);
        var context = NewContext();

        var (status, body, headers) = await ExecuteAsync(
            await _functions.GetEvent(context.Request, DemoCatalog.StadiumEventId, CancellationToken.None), context);

        Assert.Equal(200, status);
        Assert.Equal(50_000, JsonDocument.Parse(body).RootElement.GetProperty("available").GetInt32());
        Assert.False(string.IsNullOrEmpty(headers.ETag));
    }

    [Fact]
    public async Task CreateEventChecksTheTokenStartsTheCreationAndAnswers202()
    {
        var durable = new Mock<DurableTaskClient>("test");
        durable.Setup(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(),
            It.IsAny<CancellationToken>())).ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => o!.InstanceId!);
        var context = NewContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Headers.Authorization = "Bearer " + _tokens.Issue("org-9", ["organizer"]);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(Payloads.NewEvent().ToJsonString()));

        var (status, body, headers) = await ExecuteAsync(await _functions.CreateEvent(context.Request, durable.Object, CancellationToken.None), context);

        Assert.Equal(202, status);
        var created = JsonDocument.Parse(body).RootElement;
        var eventId = created.GetProperty("eventId").GetString()!;
        Assert.Equal("creating", created.GetProperty("status").GetString());
        Assert.Equal($"/api/event/{eventId}", headers.Location.ToString());
        durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(new TaskName(EventCreationOrchestrator.Name),
            It.Is<object?>(i => ((EventCreationInput)i!).EventId == eventId && ((EventCreationInput)i!).TicketCount == 24),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == EventCreationOrchestrator.InstanceIdFor(eventId)), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task CreateEventWithoutATokenThrowsTheProblemTheMiddlewareMapsTo401()
    {
        var context = NewContext();
        context.Request.Method = "POST";

        var problem = await Assert.ThrowsAsync<DomainException>(() => _functions.CreateEvent(context.Request, new Mock<DurableTaskClient>("test").Object, CancellationToken.None));

        Assert.Equal(401, ProblemMapper.StatusOf(problem.Kind));
    }
}
