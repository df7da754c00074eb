namespace TicketBooking.Tickets;

/// <summary>One ticket as its owner sees it: the seat, the code the door scans, and where its QR code is.</summary>
public sealed record TicketView(string TicketId, string Section, int Row, int Seat, string? Code, string? QrSvg, string? QrPng);
