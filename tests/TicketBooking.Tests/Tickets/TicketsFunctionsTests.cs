extern alias functions;

using System.Text;
using System.Text.Json;
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
using TicketBooking.CheckIn;
using TicketBooking.Inventory;
using TicketBooking.RateLimiting;
using TicketBooking.Tests.Support;
using TicketBooking.Tickets;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Tickets;

/// <summary>The Functions app's ticket and check-in triggers called directly, the way the Functions host would, over the shared handlers.</summary>
public sealed class TicketsFunctionsTests : IDisposable
{
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly InMemoryTicketInventory _inventory;
    private readonly EventCatalog _catalog;
    private readonly InMemoryBookingStore _bookings = new();
    private readonly TicketCodes _codes = new(Options.Create(new TicketsOptions { SigningKey = Convert.ToBase64String(new byte[32]) }));
    private readonly LocalTokenIssuer _tokens;
    private readonly RateLimits _limits = new(Options.Create(new RateLimitOptions()), NullLogger<RateLimits>.Instance);
    private readonly FunctionsApp.Tickets.TicketsFunctions _functions;

    public TicketsFunctionsTests()
    {
        var auth = Options.Create(new AuthOptions { SigningKey = LocalTokenIssuer.NewSigningKey() });
        var board = new AvailabilityBoard(_time);
        _inventory = new InMemoryTicketInventory(board, _time);
        _catalog = TestCatalog.Create(new InMemoryEventStore(), _inventory, board, _time);
        var authenticator = new Authenticator(auth, _time);
        var desk = new CheckInDesk(new InMemoryCheckInStore(), _bookings, _inventory, _catalog, _codes, _time, NullLogger<CheckInDesk>.Instance);
        _functions = new FunctionsApp.Tickets.TicketsFunctions(new TicketsApi(new BookingTickets(_bookings, _catalog, _codes), authenticator),
            new CheckInApi(desk, authenticator, _limits));
        _tokens = new LocalTokenIssuer(auth, _time);
    }

    public void Dispose() => _limits.Dispose();

    [Fact]
    public async Task TheFunctionsAppAdmitsATicketOnceAndServesItsQrCode()
    {
        var booking = await BookAsync("evt-fn-1", "A-1-1");
        var code = _codes.Issue(new TicketCode(booking.EventId, booking.Id, "A-1-1", booking.UserId));

        var first = await ExecuteAsync(Post("organizer", new { code, gate = "East" }), r => _functions.CheckIn(r, booking.EventId, CancellationToken.None));
        var second = await ExecuteAsync(Post("organizer", new { code, gate = "West" }), r => _functions.CheckIn(r, booking.EventId, CancellationToken.None));
        var qr = await ExecuteAsync(Get("ann"), r => _functions.GetTicketQrPng(r, booking.Id, "A-1-1", CancellationToken.None));
        var list = await ExecuteAsync(Get("ann"), r => _functions.ListBookingTickets(r, booking.Id, CancellationToken.None));

        Assert.Equal(200, first.Status);
        Assert.Equal("A", JsonDocument.Parse(first.Body).RootElement.GetProperty("section").GetString());
        Assert.Equal(409, second.Status);
        Assert.Equal("East", JsonDocument.Parse(second.Body).RootElement.GetProperty("firstGate").GetString());
        Assert.Equal(200, qr.Status);
        Assert.Equal("image/png", qr.Headers.ContentType.ToString());
        Assert.Equal(code, JsonDocument.Parse(list.Body).RootElement.GetProperty("tickets")[0].GetProperty("code").GetString());
    }

    private async Task<BookingRecord> BookAsync(string eventId, string ticketId)
    {
        var now = _time.GetUtcNow();
        await _catalog.AddAsync(new EventRecord(eventId, "Fn", ["Band"], "concert", "", new Venue("Hall", "City", ""), now.AddDays(3),
            [new SectionLayout("A", 1, 4, 10m, "USD")], EventStatus.Scheduled, "organizer", now), CancellationToken.None);
        const string reservationId = "res-000000000000000000000001";
        Assert.True((await _inventory.HoldAsync(eventId, reservationId, [ticketId], now.AddMinutes(5))).Succeeded);
        Assert.True((await _inventory.BookAsync(eventId, reservationId, [ticketId])).Succeeded);
        var booking = new BookingRecord("bkg-000000000000000000000001", "ann", reservationId, eventId, [new ReservedTicket(ticketId, "A", 1, 1, 10m)],
            10m, "USD", null, now);
        await _bookings.SaveAsync(booking);
        return booking;
    }

    private HttpRequest Get(string userId)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Headers.Authorization = "Bearer " + _tokens.Issue(userId, userId == "organizer" ? ["organizer"] : []);
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    private HttpRequest Post(string userId, object body)
    {
        var request = Get(userId);
        request.Method = "POST";
        request.ContentType = "application/json";
        request.Body = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body)));
        return request;
    }

    /// <summary>Runs the trigger and its action result on the request's context: status, body and headers. A problem goes through the one mapper.</summary>
    private static async Task<(int Status, string Body, IHeaderDictionary Headers)> ExecuteAsync(HttpRequest request, Func<HttpRequest, Task<IActionResult>> trigger)
    {
        var context = request.HttpContext;
        try
        {
            await (await trigger(request)).ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        }
        catch (Exception ex)
        {
            await TicketBooking.Http.ProblemMapper.WriteAsync(context, ex, NullLogger.Instance);
        }

        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync(), context.Response.Headers);
    }
}
