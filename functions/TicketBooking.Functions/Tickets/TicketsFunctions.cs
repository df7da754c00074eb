using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TicketBooking.CheckIn;
using TicketBooking.Functions.Hosting;
using TicketBooking.Http;
using TicketBooking.Tickets;

namespace TicketBooking.Functions.Tickets;

/// <summary>HTTP triggers of tickets and the door: bind, and hand over to <see cref="TicketsApi"/> and <see cref="CheckInApi"/>.</summary>
public sealed class TicketsFunctions(TicketsApi tickets, CheckInApi checkIn)
{
    [Function("ListBookingTickets")]
    public Task<IActionResult> ListBookingTickets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.BookingTickets)] HttpRequest request,
        string bookingId, CancellationToken cancellationToken) =>
        tickets.ListAsync(request, bookingId, cancellationToken).AsAction();

    [Function("GetTicketQrSvg")]
    public Task<IActionResult> GetTicketQrSvg(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.TicketQrSvg)] HttpRequest request,
        string bookingId, string ticketId, CancellationToken cancellationToken) =>
        tickets.QrSvgAsync(request, bookingId, ticketId, cancellationToken).AsAction();

    [Function("GetTicketQrPng")]
    public Task<IActionResult> GetTicketQrPng(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.TicketQrPng)] HttpRequest request,
        string bookingId, string ticketId, CancellationToken cancellationToken) =>
        tickets.QrPngAsync(request, bookingId, ticketId, cancellationToken).AsAction();

    [Function("CheckIn")]
    public Task<IActionResult> CheckIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.CheckIn)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        checkIn.CheckInAsync(request, eventId, cancellationToken).AsAction();

    [Function("SetEventStaff")]
    public Task<IActionResult> SetEventStaff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoutes.EventStaff)] HttpRequest request,
        string eventId, CancellationToken cancellationToken) =>
        checkIn.SetStaffAsync(request, eventId, cancellationToken).AsAction();
}
