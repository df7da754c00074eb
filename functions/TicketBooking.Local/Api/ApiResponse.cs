namespace TicketBooking.Local.Api;

/// <summary>One answer of an <see cref="ApiOperation"/>: a JSON body of <paramref name="Type"/>, or a problem from 400 up.</summary>
internal sealed record ApiResponse(int Status, string Description, Type? Type = null);
