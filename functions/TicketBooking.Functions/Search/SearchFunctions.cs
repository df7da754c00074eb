using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TicketBooking.Functions.Hosting;
using TicketBooking.Http;
using TicketBooking.Search;

namespace TicketBooking.Functions.Search;

/// <summary>HTTP triggers of search: bind and hand over to <see cref="SearchApi"/>.</summary>
public sealed class SearchFunctions(SearchApi api)
{
    [Function("SearchEvents")]
    public Task<IActionResult> SearchEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = ApiRoutes.Search)] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.SearchAsync(request, cancellationToken).AsAction();

    [Function("RebuildSearchIndex")]
    public Task<IActionResult> RebuildSearchIndex(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.SearchRebuild)] HttpRequest request,
        CancellationToken cancellationToken) =>
        api.RebuildAsync(request, cancellationToken).AsAction();
}
