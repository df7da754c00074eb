using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Amqp.Types;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// The SASL mechanism the Service Bus client asks for (MSSBCBS: "the token comes later over $cbs"). The broker accepts
/// it like ANONYMOUS; the put-token request on $cbs is answered as accepted. The connection then runs over a
/// <see cref="FrameGatedTransport"/>.
/// </summary>
internal sealed class CbsSaslProfile() : SaslProfile(Name)
{
    public static readonly Symbol Name = new("MSSBCBS");

    protected override ITransport UpgradeTransport(ITransport transport) =>
        transport is IAsyncTransport asyncTransport ? new FrameGatedTransport(asyncTransport) : transport;

    protected override DescribedList GetStartCommand(string hostname) => new SaslInit { Mechanism = Name };

    protected override DescribedList? OnCommand(DescribedList command) =>
        command is SaslInit ? new SaslOutcome { Code = SaslCode.Ok } : null;
}
