namespace TicketBooking.Booking;

/// <summary>The order of <see cref="IReservationStore.ListAsync"/>: newest first, ties broken by id. Also the page cursor.</summary>
public static class ReservationOrder
{
    public static string SortKeyOf(Reservation r) => $"{r.CreatedAt.UtcTicks:D19}|{r.Id}";

    public static string ToCursor(string sortKey) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(sortKey))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The sort key in a cursor, or null when the cursor is not one of ours.</summary>
    public static string? FromCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var key = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            return key.Length > 21 && key[19] == '|' && key[..19].All(char.IsAsciiDigit) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
