using Microsoft.Extensions.Hosting;
using TicketBooking.Functions.Hosting;

FunctionsHost.Create(args).Build().Run();
