using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TicketBooking.Functions.Hosting;
using TicketBooking.Http;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Functions.WaitingRoom;

/// <summary>HTTP triggers of the waiting room: bind, and hand over to <see cref="WaitingRoomApi"/>.</summary>
public sealed class WaitingRoomFunctions(WaitingRoomApi api)
{
    [Function("GetWaitingRoom")]
    public Task<IActionResult> GetWaitingRoom(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.WaitingRoom)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.GetStateAsync(request, eventId, cancellationToken).AsAction();

    [Function("JoinQueue")]
    public Task<IActionResult> JoinQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.QueueJoin)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.JoinAsync(request, eventId, cancellationToken).AsAction();

    [Function("GetQueueEntry")]
    public Task<IActionResult> GetQueueEntry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.QueueEntry)] HttpRequest request,
        string eventId, string queueId, CancellationToken cancellationToken) =>
        api.GetEntryAsync(request, eventId, queueId, cancellationToken).AsAction();

    [Function("StreamQueueEntry")]
    public Task<IActionResult> StreamQueueEntry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.QueueStream)] HttpRequest request,
        string eventId, string queueId, CancellationToken cancellationToken) =>
        api.StreamAsync(request, eventId, queueId, cancellationToken).AsAction();

    [Function("SetWaitingRoom")]
    public Task<IActionResult> SetWaitingRoom(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.WaitingRoomSettings)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        api.ConfigureAsync(request, eventId, cancellationToken).AsAction();
}
