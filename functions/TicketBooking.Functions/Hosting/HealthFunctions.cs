using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TicketBooking.Hosting;
using TicketBooking.Http;

namespace TicketBooking.Functions.Hosting;

public sealed class HealthFunctions(HealthApi api)
{
    [Function("Health")]
    public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request) =>
        api.Get().AsAction();

    [Function("HealthReady")]
    public Task<IActionResult> Ready([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.HealthReady)] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.GetReadyAsync(cancellationToken).AsAction();
}
