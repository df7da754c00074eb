namespace TicketBooking.Catalog;

public sealed record SectionLayout(string Name, int Rows, int SeatsPerRow, decimal Price, string Currency)
{
    public int Capacity => Rows * SeatsPerRow;
}
