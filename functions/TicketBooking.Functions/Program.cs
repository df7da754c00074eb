using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.DurableTask.Worker;
using TicketBooking.Booking;
using TicketBooking.Functions.Hosting;
using TicketBooking.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemMiddleware>();

builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
builder.Services.AddTicketBooking(builder.Configuration);

// The reservation orchestration and its activities: the library's classes, the same ones the local host's worker runs.
builder.ConfigureDurableWorker().AddTasks(tasks => tasks.AddBookingTasks());

builder.Build().Run();
