using Microsoft.AspNetCore.Server.Kestrel.Core;
using TicketBooking.Http;

namespace TicketBooking.Local.Api;

/// <summary>Kestrel limits and the problem+json answers for everything that goes wrong before or around a handler.</summary>
internal static class LocalHttp
{
    public static WebApplicationBuilder AddLocalHttp(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(o =>
        {
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        return builder;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TicketBooking.Local.Errors");
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception exception)
            {
                await ProblemMapper.WriteAsync(context, exception, logger);
            }
        });

        // 404 for unknown routes, 405 for a known route with another method: problem+json too.
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            return response.HasStarted || response.ContentLength > 0 || response.ContentType is not null
                ? Task.CompletedTask
                : ProblemMapper.WriteAsync(response, ProblemMapper.ForStatus(response.StatusCode), context.HttpContext.RequestAborted);
        });
        return app;
    }
}
