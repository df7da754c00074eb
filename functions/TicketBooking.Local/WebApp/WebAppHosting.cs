using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TicketBooking.Http;

namespace TicketBooking.Local.WebApp;

/// <summary>
/// Serves the web app at <c>/</c> next to the API at <c>/api</c>: its hashed assets cached for good, and
/// <c>index.html</c> for every other GET that is neither an API route nor a file (the app's own routes).
/// </summary>
internal static class WebAppHosting
{
    /// <summary>The page may talk to this origin only; Stripe.js is the one outside script, used with the Stripe provider. Images may be blob URLs (ticket QR codes, fetched with the bearer token).</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' https://js.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com; " +
        "connect-src 'self' https://api.stripe.com; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; base-uri 'none'; form-action 'self'";

    public static IServiceCollection AddWebApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebAppOptions>().Bind(configuration.GetSection(WebAppOptions.Section));
        return services;
    }

    public static WebApplication UseWebApp(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<WebAppOptions>>().Value.ResolvedRoot;
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.Logger.LogWarning("No web app at {WebAppRoot}: build it with `npm ci && npm run build` in web/, or build the local host", root);
            return app;
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                var path = context.Context.Request.Path;
                if (path.StartsWithSegments("/assets"))
                {
                    headers.CacheControl = "public, max-age=31536000, immutable";
                }
                else
                {
                    headers.CacheControl = "no-cache";
                    headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                }

                headers[HeaderNames.XContentTypeOptions] = "nosniff";
            },
        });

        var apiPrefix = new PathString("/" + ApiRoutes.Prefix);
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (context.GetEndpoint() is null && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.Path.StartsWithSegments(apiPrefix) && !Path.HasExtension(request.Path.Value))
            {
                var headers = context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.SendFileAsync(index, context.RequestAborted);
                return;
            }

            await next(context);
        });
        return app;
    }
}
