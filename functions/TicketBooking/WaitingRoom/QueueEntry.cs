namespace TicketBooking.WaitingRoom;

/// <summary>
/// One person's place in an event's waiting room, as the drain stored it: in the pre-queue (no position until the
/// on-sale ranks it) or ordered with a <see cref="Position"/> since <see cref="OrderedAt"/>. Whether the person is
/// admitted follows from the position and the clock (<see cref="Admission"/>); nothing is written for it.
/// </summary>
public sealed record QueueEntry(
    string QueueId,
    string EventId,
    string UserId,
    QueueEntryStatus Status,
    DateTimeOffset JoinedAt,
    long? Position = null,
    DateTimeOffset? OrderedAt = null);
