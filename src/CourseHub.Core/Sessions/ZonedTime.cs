using System.Globalization;

namespace CourseHub.Core.Sessions;

/// <summary>
/// Conversions between UTC instants and the wall-clock time of an IANA zone, and the way a time is
/// shown to people: "Wed 6 Oct 2027, 15:00 (GMT-3)".
/// </summary>
public static class ZonedTime
{
    public static TimeZoneInfo FindZone(string ianaId) => TimeZoneInfo.FindSystemTimeZoneById(ianaId);

    /// <summary>Whether the id names an IANA zone. Windows names ("Pacific Standard Time") are found too, but calendar programs do not know them.</summary>
    public static bool IsKnownZone(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId)) return false;
        try
        {
            return FindZone(ianaId).HasIanaId;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>
    /// The UTC instant of a wall-clock time. A time skipped by a spring-forward change is moved past the
    /// gap; a time repeated by a fall-back change takes its first occurrence (the earlier instant).
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }
        if (zone.IsAmbiguousTime(unspecified))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(unspecified);
            var earliest = offsets.Max();
            return DateTime.SpecifyKind(unspecified - earliest, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    /// <summary>
    /// The UTC instant of a wall-clock time sent back by a form that showed <paramref name="shownUtc"/>: unchanged, it
    /// is that instant, also in the second pass of an hour the clocks repeat (read afresh, it would be the first).
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone, DateTime? shownUtc) =>
        shownUtc is { } shown && ToLocal(shown, zone) == DateTime.SpecifyKind(local, DateTimeKind.Unspecified)
            ? DateTime.SpecifyKind(shown, DateTimeKind.Utc)
            : ToUtc(local, zone);

    /// <summary>Whether a wall-clock time falls in a spring-forward gap: it never shows on the zone's clocks.</summary>
    public static bool IsSkipped(DateTime local, TimeZoneInfo zone) => zone.IsInvalidTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));

    /// <summary>The start of a local calendar day, as a UTC instant.</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);

    public static TimeSpan OffsetAt(DateTime utc, TimeZoneInfo zone) =>
        zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>"GMT-3", "GMT+5:30", "GMT" for a zero offset.</summary>
    public static string FormatOffset(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero) return "GMT";
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0
            ? $"GMT{sign}{abs.Hours}"
            : $"GMT{sign}{abs.Hours}:{abs.Minutes:00}";
    }

    /// <summary>"Wed 6 Oct 2027" in the given culture.</summary>
    public static string FormatDate(DateTime local, CultureInfo culture) =>
        local.ToString("ddd d MMM yyyy", culture);

    /// <summary>
    /// "Thu 1 Apr 2027, 15:00–16:30 (GMT-3, America/Santiago)": a span of time in a zone, as invitations give it.
    /// Past midnight or across a change of offset, each end has its own date and offset, joined by
    /// <paramref name="until"/> ("to", "hasta", "até"). The zone is named <paramref name="zoneName"/> when given
    /// ("Santiago time"), else by its identifier.
    /// </summary>
    public static string FormatSpan(DateTime startUtc, DateTime endUtc, string zoneId, CultureInfo culture, string until, string? zoneName = null)
    {
        zoneName ??= zoneId;
        var zone = FindZone(zoneId);
        var start = ToLocal(startUtc, zone);
        var end = ToLocal(endUtc, zone);
        var startOffset = OffsetAt(startUtc, zone);
        if (start.Date == end.Date && startOffset == OffsetAt(endUtc, zone))
        {
            return $"{FormatDate(start, culture)}, {start.ToString("HH:mm", culture)}–{end.ToString("HH:mm", culture)} ({FormatOffset(startOffset)}, {zoneName})";
        }
        return $"{Format(startUtc, zone, culture)} {until} {Format(endUtc, zone, culture)} ({zoneName})";
    }

    /// <summary>
    /// A session's end after its start: "16:00"; "23:30 (GMT-4)" when the clocks changed in between (an end in a
    /// repeated hour reads the same as its start otherwise); the whole date and time when it ends on another day.
    /// </summary>
    public static string FormatEnd(DateTime startUtc, DateTime endUtc, TimeZoneInfo zone, CultureInfo culture)
    {
        var end = ToLocal(endUtc, zone);
        if (end.Date != ToLocal(startUtc, zone).Date) return Format(endUtc, zone, culture);
        var offset = OffsetAt(endUtc, zone);
        return offset == OffsetAt(startUtc, zone) ? end.ToString("HH:mm", culture) : $"{end.ToString("HH:mm", culture)} ({FormatOffset(offset)})";
    }

    /// <summary>
    /// Whether a wall-clock time in a calendar file, which stands for its first occurrence (RFC 5545 §3.3.5),
    /// would name this instant: not the second pass through an hour the clocks repeat.
    /// </summary>
    public static bool LocalTimeNames(DateTime utc, TimeZoneInfo zone) => ToUtc(ToLocal(utc, zone), zone) == DateTime.SpecifyKind(utc, DateTimeKind.Utc);

    /// <summary>"Wed 6 Oct 2027, 15:00 (GMT-3)": the local time in the zone, with the offset in force then.</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone, CultureInfo culture)
    {
        var local = ToLocal(utc, zone);
        return $"{FormatDate(local, culture)}, {local.ToString("HH:mm", culture)} ({FormatOffset(OffsetAt(utc, zone))})";
    }
}
