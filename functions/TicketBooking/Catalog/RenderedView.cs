using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using TicketBooking.Auth;
using TicketBooking.Http;
using TicketBooking.Inventory;

namespace TicketBooking.Catalog;

/// <summary>A view ready to send: its JSON and its ETag.</summary>
public sealed record RenderedView(byte[] Json, string ETag);
