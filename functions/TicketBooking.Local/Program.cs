using TicketBooking.Hosting;
using TicketBooking.Local.Api;
using TicketBooking.Local.Demo;
using TicketBooking.Local.DevSignIn;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDevSignIn();
builder.Services.AddTicketBooking(builder.Configuration);
builder.Services.AddDemoCatalog(builder.Configuration);
builder.AddLocalHttp();

var app = builder.Build();

app.UseProblemResponses();
app.MapTicketBookingApi();
app.MapDevSignIn();

app.Run();

/// <summary>The local host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
