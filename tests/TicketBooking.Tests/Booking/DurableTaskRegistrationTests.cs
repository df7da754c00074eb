using System.Reflection;
using Microsoft.DurableTask;
using TicketBooking.Booking;
using TicketBooking.Hosting;
using TicketBooking.Tests.Support;

namespace TicketBooking.Tests.Booking;

/// <summary>
/// Both hosts register the library's orchestrators and activities through <c>AddTicketBookingTasks</c> (the Functions app in
/// <c>ConfigureDurableWorker().AddTasks</c>, the local host in its worker). Every task class must be in it, under the
/// class name that <c>CallActivityAsync</c> and the Functions metadata use.
/// </summary>
public sealed class DurableTaskRegistrationTests
{
    private static IEnumerable<string> Registered(DurableTaskRegistry registry, string table) => DurableTasks.Names(registry, table);

    private static IEnumerable<string> TaskClasses(Type openBase) =>
        typeof(ReservationOrchestrator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && Ancestors(t).Any(a => a.IsGenericType && a.GetGenericTypeDefinition() == openBase))
            .Select(t => t.Name);

    private static IEnumerable<Type> Ancestors(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }

    [Fact]
    public void EveryOrchestratorAndActivityOfTheLibraryIsRegistered()
    {
        var registry = new DurableTaskRegistry().AddTicketBookingTasks();

        Assert.Equal(TaskClasses(typeof(TaskOrchestrator<,>)).Order(), Registered(registry, "Orchestrators").Order());
        Assert.Equal(TaskClasses(typeof(TaskActivity<,>)).Order(), Registered(registry, "Activities").Order());
        Assert.NotEmpty(Registered(registry, "Activities"));
    }
}
