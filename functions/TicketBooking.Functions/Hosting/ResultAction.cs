using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace TicketBooking.Functions.Hosting;

/// <summary>Runs a shared handler's <see cref="IResult"/> as the function's response.</summary>
internal sealed class ResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
