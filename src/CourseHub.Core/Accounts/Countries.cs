using System.Collections.Concurrent;
using System.Globalization;

namespace CourseHub.Core.Accounts;

public sealed record Country(string Code, string Name, bool InRegion);

/// <summary>
/// The countries an official can say they serve: those of Latin America and the Caribbean first (the
/// institute's region), then every other country, each group in the reader's alphabetical order.
/// </summary>
public static class Countries
{
    /// <summary>The 33 member States of ECLAC in Latin America and the Caribbean (ISO 3166-1 alpha-2).</summary>
    public static readonly IReadOnlySet<string> Region = new HashSet<string>(StringComparer.Ordinal)
    {
        "AG", "AR", "BS", "BB", "BZ", "BO", "BR", "CL", "CO", "CR", "CU", "DM", "DO", "EC", "SV", "GD", "GT",
        "GY", "HT", "HN", "JM", "MX", "NI", "PA", "PY", "PE", "KN", "LC", "VC", "SR", "TT", "UY", "VE",
    };

    private static readonly Dictionary<string, string> SpanishNames = new(StringComparer.Ordinal)
    {
        ["AG"] = "Antigua y Barbuda", ["AR"] = "Argentina", ["BS"] = "Bahamas", ["BB"] = "Barbados", ["BZ"] = "Belice",
        ["BO"] = "Bolivia", ["BR"] = "Brasil", ["CL"] = "Chile", ["CO"] = "Colombia", ["CR"] = "Costa Rica",
        ["CU"] = "Cuba", ["DM"] = "Dominica", ["DO"] = "República Dominicana", ["EC"] = "Ecuador", ["SV"] = "El Salvador",
        ["GD"] = "Granada", ["GT"] = "Guatemala", ["GY"] = "Guyana", ["HT"] = "Haití", ["HN"] = "Honduras",
        ["JM"] = "Jamaica", ["MX"] = "México", ["NI"] = "Nicaragua", ["PA"] = "Panamá", ["PY"] = "Paraguay",
        ["PE"] = "Perú", ["KN"] = "Saint Kitts y Nevis", ["LC"] = "Santa Lucía", ["VC"] = "San Vicente y las Granadinas",
        ["SR"] = "Suriname", ["TT"] = "Trinidad y Tabago", ["UY"] = "Uruguay", ["VE"] = "Venezuela",
    };

    private static readonly Dictionary<string, string> PortugueseNames = new(StringComparer.Ordinal)
    {
        ["AG"] = "Antígua e Barbuda", ["AR"] = "Argentina", ["BS"] = "Bahamas", ["BB"] = "Barbados", ["BZ"] = "Belize",
        ["BO"] = "Bolívia", ["BR"] = "Brasil", ["CL"] = "Chile", ["CO"] = "Colômbia", ["CR"] = "Costa Rica",
        ["CU"] = "Cuba", ["DM"] = "Dominica", ["DO"] = "República Dominicana", ["EC"] = "Equador", ["SV"] = "El Salvador",
        ["GD"] = "Granada", ["GT"] = "Guatemala", ["GY"] = "Guiana", ["HT"] = "Haiti", ["HN"] = "Honduras",
        ["JM"] = "Jamaica", ["MX"] = "México", ["NI"] = "Nicarágua", ["PA"] = "Panamá", ["PY"] = "Paraguai",
        ["PE"] = "Peru", ["KN"] = "São Cristóvão e Névis", ["LC"] = "Santa Lúcia", ["VC"] = "São Vicente e Granadinas",
        ["SR"] = "Suriname", ["TT"] = "Trinidad e Tobago", ["UY"] = "Uruguai", ["VE"] = "Venezuela",
    };

    /// <summary>
    /// Regions the platform's cultures name that are not countries an official serves (the Canaries, Ceuta and
    /// Melilla, Diego Garcia…): not offered, though still known and named for a profile that already holds one.
    /// </summary>
    private static readonly HashSet<string> NotCountries = new(StringComparer.Ordinal) { "AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN" };

    private static readonly Lazy<IReadOnlyDictionary<string, RegionInfo>> Known = new(() =>
        CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c => { try { return new RegionInfo(c.Name); } catch (ArgumentException) { return null; } })
            .Where(r => r is not null && r.TwoLetterISORegionName.Length == 2 && r.TwoLetterISORegionName.All(char.IsAsciiLetterUpper))
            .GroupBy(r => r!.TwoLetterISORegionName)
            .ToDictionary(g => g.Key, g => g.First()!));

    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> OtherNames = new(StringComparer.Ordinal);

    /// <summary>
    /// The names of every other country in a language. ICU knows them, but .NET hands them out only inside a
    /// culture's display name in the current interface language ("inglés (Alemania)"): they are read from
    /// there, once per language. A name that cannot be read so stays English.
    /// </summary>
    private static IReadOnlyDictionary<string, string> NamesIn(string language) => OtherNames.GetOrAdd(language, ReadNames);

    /// <summary>Reads the names afresh (the cache above keeps them): whatever the asking thread's interface language.</summary>
    public static IReadOnlyDictionary<string, string> ReadNames(string language)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            var before = CultureInfo.GetCultureInfo("en").DisplayName + " (";
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var code in Known.Value.Keys)
            {
                var display = new CultureInfo("en-" + code).DisplayName;
                if (display.StartsWith(before, StringComparison.Ordinal) && display.EndsWith(')') && display.Length > before.Length + 1)
                {
                    // "Mianmar [Birmânia]": the name, without the other one in brackets.
                    var name = display[before.Length..^1];
                    names[code] = name.IndexOf(" [", StringComparison.Ordinal) is > 0 and var bracket ? name[..bracket] : name;
                }
            }
            return names;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public static bool IsKnown(string? code) =>
        code is not null && (Region.Contains(code) || Known.Value.ContainsKey(code));

    public static string Name(string code, string language)
    {
        if (language == "es" && SpanishNames.TryGetValue(code, out var spanish)) return spanish;
        if (language == "pt" && PortugueseNames.TryGetValue(code, out var portuguese)) return portuguese;
        if (!Known.Value.TryGetValue(code, out var region)) return code;
        return language is "es" or "pt" && NamesIn(language).TryGetValue(code, out var name) ? name : region.EnglishName;
    }

    /// <summary>The region's countries first, then the rest, each group sorted for the given language.</summary>
    public static IReadOnlyList<Country> All(string language)
    {
        var comparer = StringComparer.Create(CultureInfo.GetCultureInfo(language is "es" or "pt" ? language : "en"), ignoreCase: true);
        var region = Region.Select(code => new Country(code, Name(code, language), true)).OrderBy(c => c.Name, comparer);
        var rest = Known.Value.Keys.Where(code => !Region.Contains(code) && !NotCountries.Contains(code))
            .Select(code => new Country(code, Name(code, language), false)).OrderBy(c => c.Name, comparer);
        return region.Concat(rest).ToList();
    }
}
