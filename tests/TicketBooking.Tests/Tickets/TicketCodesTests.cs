using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Options;
using TicketBooking.Tickets;

namespace TicketBooking.Tests.Tickets;

public sealed class TicketCodesTests
{
    private static readonly TicketCode Ticket = new("evt-0123456789ab", "bkg-0123456789abcdef01234567", "A-3-12", "user|with|bars");

    private static TicketCodes Codes(byte fill = 7) => new(Options.Create(new TicketsOptions { SigningKey = Convert.ToBase64String(Enumerable.Repeat(fill, 32).ToArray()) }));

    [Fact]
    public void ACodeReadsBackAsTheTicketItWasIssuedFor()
    {
        var codes = Codes();

        var code = codes.Issue(Ticket);

        Assert.StartsWith(TicketCodes.Prefix, code, StringComparison.Ordinal);
        Assert.Equal(Ticket, codes.Read(code, Ticket.EventId));
        Assert.Equal(Ticket, codes.Read("  " + code + "\n", Ticket.EventId));
    }

    [Fact]
    public void TheSameBookingAlwaysGetsTheSameCodeAndEachSeatItsOwn()
    {
        var codes = Codes();

        Assert.Equal(codes.Issue(Ticket), Codes().Issue(Ticket));
        Assert.NotEqual(codes.Issue(Ticket), codes.Issue(Ticket with { TicketId = "A-3-13" }));
    }

    [Fact]
    public void ACodeIsShortEnoughForASmallQrCode()
    {
        var code = Codes().Issue(Ticket with { UserId = Guid.NewGuid().ToString() });

        Assert.InRange(code.Length, 40, 160);
    }

    [Fact]
    public void ACodeOfAnotherEventDoesNotRead()
    {
        var codes = Codes();

        Assert.Null(codes.Read(codes.Issue(Ticket), "evt-other"));
    }

    [Fact]
    public void ACodeSignedWithAnotherKeyDoesNotRead()
    {
        Assert.Null(Codes(1).Read(Codes(2).Issue(Ticket), Ticket.EventId));
    }

    [Fact]
    public void AnAlteredSeatOrOwnerDoesNotRead()
    {
        var codes = Codes();
        var code = codes.Issue(Ticket);
        var mac = code[(code.LastIndexOf('.') + 1)..];

        foreach (var forged in new[] { Ticket with { TicketId = "A-1-1" }, Ticket with { UserId = "mallory" }, Ticket with { BookingId = "bkg-x" } })
        {
            var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{forged.EventId}|{forged.BookingId}|{forged.TicketId}|{forged.UserId}"));
            Assert.Null(codes.Read($"{TicketCodes.Prefix}{payload}.{mac}", Ticket.EventId));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("T1.")]
    [InlineData("T1..")]
    [InlineData("T1.abc")]
    [InlineData("T1.abc.def")]
    [InlineData("T1.!!!.###")]
    [InlineData("X1.ZXZ0LTE.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("https://example.com/ticket")]
    public void GarbageIsNotATicket(string? code)
    {
        Assert.Null(Codes().Read(code, Ticket.EventId));
    }

    [Fact]
    public void AnOverlongCodeIsNotRead()
    {
        Assert.Null(Codes().Read(TicketCodes.Prefix + new string('A', TicketCodes.MaxLength), Ticket.EventId));
    }
}
