using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace TicketBooking.Functions.Hosting;

internal static class ResultActionExtensions
{
    public static async Task<IActionResult> AsAction(this Task<IResult> result) => new ResultAction(await result);

    public static IActionResult AsAction(this IResult result) => new ResultAction(result);
}
