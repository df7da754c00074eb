namespace TicketBooking.Local.Api;

/// <summary>How the API description presents one route: what it does, what it reads and what it answers.</summary>
/// <param name="Summary">One line for the operation.</param>
/// <param name="Tag">The group it is listed under.</param>
/// <param name="Body">The JSON body it reads (null: none).</param>
/// <param name="SignedIn">Whether it needs a bearer token.</param>
/// <param name="Query">Query parameters (all optional strings).</param>
/// <param name="Responses">Status, description and JSON body type (null for a problem or an empty answer).</param>
internal sealed record ApiOperation(string Summary, string Tag, Type? Body, bool SignedIn, string[] Query, params ApiResponse[] Responses);
