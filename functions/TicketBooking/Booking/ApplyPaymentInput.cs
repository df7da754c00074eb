using Microsoft.DurableTask;
using TicketBooking.Payments;

namespace TicketBooking.Booking;

public sealed record ApplyPaymentInput(ReservationWorkflowInput Reservation, PaymentNotification Payment);
