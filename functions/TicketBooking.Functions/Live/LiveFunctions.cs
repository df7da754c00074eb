using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TicketBooking.Functions.Hosting;
using TicketBooking.Http;
using TicketBooking.Live;

namespace TicketBooking.Functions.Live;

/// <summary>
/// The live seat stream: one invocation per open stream, for its whole life (a few minutes at most; see
/// docs/adr/0010-live-streams.md). The ASP.NET Core integration runs the shared answer against the real response,
/// which the Functions host forwards as it is written.
/// </summary>
public sealed class LiveFunctions(LiveApi api)
{
    [Function("StreamEvent")]
    public Task<IActionResult> StreamEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.EventStream)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.StreamAsync(request, eventId, cancellationToken).AsAction();
}
