using System.Security.Cryptography;
using System.Text;
using TicketBooking.Http;

namespace TicketBooking.Booking;

/// <summary><c>PUT /api/booking/confirm</c>.</summary>
public sealed class ConfirmRequest
{
    public string? ReservationId { get; init; }
    public string? PaymentMethodId { get; init; }
}
