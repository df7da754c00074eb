namespace TicketBooking.Auth;

public static class Roles
{
    public const string Organizer = "organizer";
    public const string Admin = "admin";
}
