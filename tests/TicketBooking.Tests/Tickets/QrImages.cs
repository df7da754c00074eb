using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace TicketBooking.Tests.Tickets;

/// <summary>
/// Reads QR codes back from the images the API serves, with ZXing's decoder: a PNG is decoded here (chunks, zlib,
/// scanline filters; grayscale or palette, 1 to 8 bits), an SVG is rasterised from its rectangles and paths of
/// horizontal and vertical lines (the shapes QRCoder draws).
/// </summary>
internal static class QrImages
{
    public static string? DecodePng(byte[] png)
    {
        var (width, height, gray) = PngToGray(png);
        return Decode(gray, width, height);
    }

    public static string? DecodeSvg(string svg, int scale = 4)
    {
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        var viewBox = ((string?)root.Attribute("viewBox") ?? throw new Xunit.Sdk.XunitException("The SVG has no viewBox."))
            .Split(' ', ',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var width = (int)Math.Ceiling(viewBox[2] * scale);
        var height = (int)Math.Ceiling(viewBox[3] * scale);
        var pixels = new byte[width * height];
        Array.Fill(pixels, (byte)255);
        foreach (var element in root.Descendants())
        {
            var fill = ((string?)element.Attribute("fill") ?? "#000000").ToLowerInvariant();
            var dark = fill is "#000000" or "#000" or "black";
            if (element.Name.LocalName == "rect")
            {
                Fill(pixels, width, height, scale, Number(element, "x"), Number(element, "y"), Number(element, "width"), Number(element, "height"), dark);
            }
            else if (element.Name.LocalName == "path")
            {
                foreach (var (x, y, w, h) in PathRectangles((string)element.Attribute("d")!))
                {
                    Fill(pixels, width, height, scale, x, y, w, h, dark);
                }
            }
        }

        return Decode(pixels, width, height);
    }

    /// <summary>
    /// Decodes as a scanner would, then, for the codes whose finder-pattern search misjudges the synthetic image, as a
    /// pure code and with a white margin around it: a decoded text is the text either way (QR codes carry checksums).
    /// </summary>
    private static string? Decode(byte[] gray, int width, int height)
    {
        var reader = new QRCodeReader();
        var source = new RGBLuminanceSource(gray, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        var text = reader.decode(new BinaryBitmap(new HybridBinarizer(source)), new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true })?.Text
            ?? reader.decode(new BinaryBitmap(new HybridBinarizer(source)), new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true })?.Text;
        if (text is not null)
        {
            return text;
        }

        var margin = Math.Max(8, width / 8);
        var (paddedWidth, paddedHeight) = (width + 2 * margin, height + 2 * margin);
        var padded = new byte[paddedWidth * paddedHeight];
        Array.Fill(padded, (byte)255);
        for (var y = 0; y < height; y++)
        {
            Array.Copy(gray, y * width, padded, (y + margin) * paddedWidth + margin, width);
        }

        var withMargin = new RGBLuminanceSource(padded, paddedWidth, paddedHeight, RGBLuminanceSource.BitmapFormat.Gray8);
        return reader.decode(new BinaryBitmap(new HybridBinarizer(withMargin)), new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true })?.Text;
    }

    private static double Number(XElement element, string name) =>
        double.Parse(((string?)element.Attribute(name) ?? "0").TrimEnd('p', 'x'), CultureInfo.InvariantCulture);

    private static void Fill(byte[] pixels, int width, int height, int scale, double x, double y, double w, double h, bool dark)
    {
        for (var py = (int)Math.Round(y * scale); py < Math.Min(height, (int)Math.Round((y + h) * scale)); py++)
        {
            for (var px = (int)Math.Round(x * scale); px < Math.Min(width, (int)Math.Round((x + w) * scale)); px++)
            {
                pixels[py * width + px] = dark ? (byte)0 : (byte)255;
            }
        }
    }

    /// <summary>The closed axis-aligned rectangles of a path made of M, H, V, h, v, L and z commands.</summary>
    private static IEnumerable<(double X, double Y, double W, double H)> PathRectangles(string d)
    {
        var tokens = System.Text.RegularExpressions.Regex.Matches(d, @"[MmHhVvLlZz]|-?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?").Select(m => m.Value).ToList();
        var points = new List<(double X, double Y)>();
        double cx = 0, cy = 0;
        var command = 'M';
        for (var i = 0; i < tokens.Count;)
        {
            if (char.IsLetter(tokens[i][0]))
            {
                command = tokens[i++][0];
                if (command is 'Z' or 'z')
                {
                    if (points.Count > 0)
                    {
                        yield return Bounds(points);
                    }

                    points.Clear();
                    continue;
                }
            }

            double Next() => double.Parse(tokens[i++], CultureInfo.InvariantCulture);
            switch (command)
            {
                case 'M':
                    if (points.Count > 1) { yield return Bounds(points); }
                    points.Clear();
                    cx = Next(); cy = Next(); command = 'L'; break;
                case 'm':
                    if (points.Count > 1) { yield return Bounds(points); }
                    points.Clear();
                    cx += Next(); cy += Next(); command = 'l'; break;
                case 'L': cx = Next(); cy = Next(); break;
                case 'l': cx += Next(); cy += Next(); break;
                case 'H': cx = Next(); break;
                case 'h': cx += Next(); break;
                case 'V': cy = Next(); break;
                case 'v': cy += Next(); break;
                default: throw new Xunit.Sdk.XunitException($"Unexpected path command {command} in the QR code's SVG.");
            }

            points.Add((cx, cy));
        }
    }

    private static (double, double, double, double) Bounds(List<(double X, double Y)> points)
    {
        var x = points.Min(p => p.X);
        var y = points.Min(p => p.Y);
        return (x, y, points.Max(p => p.X) - x, points.Max(p => p.Y) - y);
    }

    private static (int Width, int Height, byte[] Gray) PngToGray(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "Not a PNG signature.");
        int width = 0, height = 0, depth = 0, colorType = 0;
        byte[][] palette = [];
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8];
                    colorType = data[9];
                    Assert.Equal(0, data[12]);
                    break;
                case "PLTE":
                    palette = data.ToArray().Chunk(3).ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            at += 12 + length;
        }

        Assert.True(colorType is 0 or 3 && depth is 1 or 2 or 4 or 8, $"PNG color type {colorType}, depth {depth} is not read here.");
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = (width * depth + 7) / 8;
        var previous = new byte[stride];
        var gray = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            var bpp = Math.Max(1, depth / 8);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? line[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new Xunit.Sdk.XunitException($"Unknown PNG filter {filter}."),
                });
            }

            for (var x = 0; x < width; x++)
            {
                var bit = x * depth;
                var value = (line[bit / 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1);
                gray[y * width + x] = colorType == 3
                    ? (byte)((palette[value][0] * 299 + palette[value][1] * 587 + palette[value][2] * 114) / 1000)
                    : (byte)(value * 255 / ((1 << depth) - 1));
            }

            previous = line;
        }

        return (width, height, gray);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
