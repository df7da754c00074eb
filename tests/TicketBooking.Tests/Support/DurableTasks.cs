using System.Reflection;
using System.Reflection.Emit;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TicketBooking.Tests.Support;

/// <summary>Reads what a host's Durable Task worker registers, and which activities an orchestrator calls by name.</summary>
public static class DurableTasks
{
    /// <summary>The orchestrator and activity names in the registry the host's worker is built from.</summary>
    public static (SortedSet<string> Orchestrators, SortedSet<string> Activities) Registered(IServiceProvider services)
    {
        var registry = services.GetRequiredService<IOptionsMonitor<DurableTaskRegistry>>().Get(Options.DefaultName);
        return (Names(registry, "Orchestrators"), Names(registry, "Activities"));
    }

    /// <summary>The names in one of the registry's (internal) task tables.</summary>
    public static SortedSet<string> Names(DurableTaskRegistry registry, string table) =>
        new(((System.Collections.IEnumerable)typeof(DurableTaskRegistry)
                .GetProperty(table, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(registry)!)
            .Cast<object>()
            .Select(pair => pair.GetType().GetProperty("Key")!.GetValue(pair)!.ToString()!), StringComparer.Ordinal);

    /// <summary>
    /// The activity names an orchestrator passes to <c>CallActivityAsync</c>, read from its compiled code (its methods and
    /// the state machines of its async methods): for each call, the last string constant loaded before it.
    /// </summary>
    public static SortedSet<string> ActivitiesCalledBy(Type orchestrator)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in WithNestedTypes(orchestrator))
        {
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                string? lastString = null;
                foreach (var (opCode, operand) in Instructions(method))
                {
                    if (opCode == OpCodes.Ldstr)
                    {
                        lastString = method.Module.ResolveString(operand);
                    }
                    else if ((opCode == OpCodes.Call || opCode == OpCodes.Callvirt) && lastString is not null
                        && ResolveMethod(method, operand)?.Name == nameof(TaskOrchestrationContext.CallActivityAsync))
                    {
                        names.Add(lastString);
                        lastString = null;
                    }
                }
            }
        }

        return names;
    }

    private static IEnumerable<Type> WithNestedTypes(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNestedTypes));

    private static MethodBase? ResolveMethod(MethodBase method, int token)
    {
        try
        {
            return method.Module.ResolveMethod(token, method.DeclaringType?.GetGenericArguments(),
                method.IsGenericMethod ? method.GetGenericArguments() : null);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Decodes a method body into (opcode, 32-bit operand token or 0).</summary>
    private static IEnumerable<(OpCode OpCode, int Operand)> Instructions(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[at++]);
            }

            var opCode = OpCodesByValue[value];
            var operand = 0;
            switch (opCode.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, at);
                    at += 4 + (4 * count);
                    break;
                default:
                    operand = BitConverter.ToInt32(il, at);
                    at += 4;
                    break;
            }

            yield return (opCode, operand);
        }
    }
}
