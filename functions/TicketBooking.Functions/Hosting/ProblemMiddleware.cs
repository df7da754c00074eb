using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using TicketBooking.Http;

namespace TicketBooking.Functions.Hosting;

/// <summary>Turns an exception from an HTTP function into problem+json through the shared <see cref="ProblemMapper"/>.</summary>
internal sealed class ProblemMiddleware(ILogger<ProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { } http)
        {
            await ProblemMapper.WriteAsync(http, exception, logger);
        }
    }
}
