using QRCoder;

namespace TicketBooking.Tickets;

/// <summary>
/// The QR code of a ticket code, as SVG (scales to any screen or print) or PNG (wallets, e-mail). Error correction M
/// (15%): a scuffed phone screen still scans, and a code of about 150 characters stays a small symbol.
/// </summary>
public static class TicketQr
{
    public const string SvgContentType = "image/svg+xml";
    public const string PngContentType = "image/png";

    /// <summary>Pixels per module of the PNG: a version 8 to 10 symbol comes out at about 300 to 400 pixels with its quiet zone.</summary>
    public const int PngPixelsPerModule = 6;

    public static string Svg(string code)
    {
        using var data = QRCodeGenerator.GenerateQrCode(code, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    public static byte[] Png(string code)
    {
        using var data = QRCodeGenerator.GenerateQrCode(code, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(PngPixelsPerModule);
    }
}
