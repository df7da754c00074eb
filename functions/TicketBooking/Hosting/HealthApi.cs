using System.Text.Json;
using TicketBooking.Configuration;
using TicketBooking.Http;

namespace TicketBooking.Hosting;

public sealed class HealthApi(IOptions<DataOptions> data, TimeProvider time)
{
    public IResult Get() => new RawJsonResult(JsonSerializer.SerializeToUtf8Bytes(
        new { status = "ok", data = data.Value.Provider, time = time.GetUtcNow() }, ApiJson.Options), cacheControl: "no-store");
}
