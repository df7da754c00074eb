using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TicketBooking.Configuration;

/// <summary>
/// Fails closed in Azure: the host refuses to start while a <see cref="LocalOnlyAttribute"/> setting is set. Covers every
/// options class of the library (a public type with <c>public const string Section</c>), so marking a new property or
/// enum value <c>[LocalOnly]</c> is all it takes to keep it out of Azure.
/// </summary>
public static class LocalOnlySettings
{
    /// <summary>Adds a start-time check of every options class against local-only settings. The local host never calls this.</summary>
    public static IServiceCollection RefuseLocalOnlySettings(this IServiceCollection services)
    {
        var register = typeof(LocalOnlySettings).GetMethod(nameof(Refuse), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in OptionsTypes(typeof(LocalOnlySettings).Assembly))
        {
            register.MakeGenericMethod(type).Invoke(null, [services]);
        }

        return services;
    }

    /// <summary>The options classes of an assembly: public types with a <c>public const string Section</c> and a parameterless constructor.</summary>
    public static IEnumerable<Type> OptionsTypes(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null
            && SectionOf(t) is not null);

    /// <summary>The configuration section an options class binds (its <c>Section</c> constant), or null.</summary>
    public static string? SectionOf(Type optionsType) =>
        optionsType.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.FieldType == typeof(string)
            ? (string?)field.GetRawConstantValue()
            : null;

    /// <summary>
    /// The local-only settings that <paramref name="options"/> carries, as <c>Section:Property</c> with why: a
    /// <c>[LocalOnly]</c> property whose value differs from a fresh instance's, or a property whose enum value is
    /// <c>[LocalOnly]</c>.
    /// </summary>
    public static IReadOnlyList<string> Find(object options)
    {
        var type = options.GetType();
        var section = SectionOf(type) ?? type.Name;
        var defaults = Activator.CreateInstance(type);
        var found = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is null || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var value = property.GetValue(options);
            var name = $"{section}:{property.Name}";
            if (property.IsDefined(typeof(LocalOnlyAttribute), inherit: true) && !Equals(value, property.GetValue(defaults)))
            {
                found.Add($"{name} is set; it is for local runs only. Remove it from the app settings.");
            }
            else if (value is Enum member && IsLocalOnly(member))
            {
                found.Add($"{name} is {member}{(Equals(value, property.GetValue(defaults)) ? " (the default when unset)" : "")}, "
                    + "a value for local runs only. Set it to the Azure service.");
            }
        }

        return found;
    }

    private static bool IsLocalOnly(Enum member) =>
        member.GetType().GetField(member.ToString(), BindingFlags.Public | BindingFlags.Static)?.IsDefined(typeof(LocalOnlyAttribute)) == true;

    private static void Refuse<TOptions>(IServiceCollection services)
        where TOptions : class
    {
        services.AddOptions<TOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, LocalOnlySettingsValidator<TOptions>>());
    }
}
