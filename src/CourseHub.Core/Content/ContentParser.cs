using System.Globalization;
using System.Text.RegularExpressions;
using CourseHub.Core.Courses;
using CourseHub.Core.Sessions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CourseHub.Core.Content;

/// <summary>
/// Reads course and module files: YAML front matter with the facts, Markdown for the body. Every
/// problem found is reported in words a content author can act on; nothing half-valid is returned.
/// </summary>
public static partial class ContentParser
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static readonly string[] DateFormats = ["yyyy-MM-dd"];
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd H:mm"];

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^(?<position>[0-9]{1,3})-(?<slug>.+)\\.md$")]
    private static partial Regex ModuleFileNamePattern();

    [GeneratedRegex("Property '(?<key>[^']+)' not found on type")]
    private static partial Regex UnknownKeyPattern();

    public static bool IsValidSlug(string? slug) => slug is not null && slug.Length <= 100 && SlugPattern().IsMatch(slug);

    public static ParseResult<CourseDocument> ParseCourse(string slug, string text)
    {
        if (!IsValidSlug(slug))
        {
            return ParseResult<CourseDocument>.Fail($"the folder name '{slug}' is not a valid slug (lowercase letters, digits and hyphens)");
        }
        if (!FrontMatter.TrySplit(text, out var split, out var splitError))
        {
            return ParseResult<CourseDocument>.Fail(splitError!);
        }
        if (!TryDeserialize<CourseFrontMatter>(split!.Yaml, out var yaml, out var yamlError))
        {
            return ParseResult<CourseDocument>.Fail(yamlError!);
        }
        return ReadCourse(slug, yaml, split.Body);
    }

    /// <summary>
    /// Judges the facts of a course — from a file's front matter, or from the course form — by the rules of
    /// <c>course.md</c>, and converts its local times to UTC. The one place those rules live.
    /// </summary>
    public static ParseResult<CourseDocument> ReadCourse(string slug, CourseFrontMatter yaml, string description)
    {
        var errors = new List<ContentError>();
        if (!IsValidSlug(slug))
        {
            errors.Add(new("slug", $"the folder name '{slug}' is not a valid slug (lowercase letters, digits and hyphens)"));
        }
        var title = Required(yaml.Title, "title", errors);
        var summary = Required(yaml.Summary, "summary", errors);
        var organiser = Required(yaml.Organiser, "organiser", errors);
        var audience = Required(yaml.Audience, "audience", errors);
        var language = Required(yaml.Language, "language", errors);
        if (language is not null && language is not ("en" or "es" or "pt"))
        {
            errors.Add(new("language", $"language '{language}' is not supported (use en, es or pt)"));
        }

        var modality = Modality.Virtual;
        if (Required(yaml.Modality, "modality", errors) is { } modalityText && !ModalityNames.TryParse(modalityText, out modality))
        {
            errors.Add(new("modality", $"modality '{modalityText}' is unknown (use virtual, hybrid or in-person)"));
        }

        TimeZoneInfo? zone = null;
        if (Required(yaml.TimeZone, "time_zone", errors) is { } zoneId)
        {
            if (ZonedTime.IsKnownZone(zoneId)) zone = ZonedTime.FindZone(zoneId);
            else errors.Add(new("time_zone", $"time_zone '{zoneId}' is not a known IANA time zone (for example America/Santiago)"));
        }

        if (!Text.OneLine.Is(title)) errors.Add(new("title", "title must be one line"));
        // A title of invisible characters (a zero-width space is not white space) would be a blank card in the catalogue.
        else if (!string.IsNullOrWhiteSpace(title) && !title.Any(char.IsLetterOrDigit)) errors.Add(new("title", "title must have some letter or digit"));
        // Names that mails, certificates and calendar invitations print on a line of their own.
        if (!Text.OneLine.Is(organiser)) errors.Add(new("organiser", "organiser must be one line"));
        NonNegative(yaml.Hours, "hours", errors, mustBePositive: true);
        // A certificate prints the hours: more than a few thousand is a typing slip, not a course.
        if (yaml.Hours is > MaxHours) errors.Add(new("hours", "hours can be at most 5,000"));
        NonNegative(yaml.Capacity, "capacity", errors, mustBePositive: true);
        if (yaml.Capacity is > MaxCapacity) errors.Add(new("capacity", "capacity can be at most 10,000"));
        NonNegative(yaml.Scholarships, "scholarships", errors, mustBePositive: false);
        // Only accepted applicants hold scholarships, so a course cannot offer more than it has seats.
        if (yaml.Scholarships is > 0 and var offered && yaml.Capacity is > 0 and var seats && offered > seats)
        {
            errors.Add(new("scholarships", "scholarships cannot be more than capacity"));
        }
        var currency = string.IsNullOrWhiteSpace(yaml.Currency) ? "USD" : yaml.Currency.Trim().ToUpperInvariant();
        var knownCurrency = Currencies.IsKnown(currency);
        if (!knownCurrency) errors.Add(new("currency", $"currency '{yaml.Currency}' is not an ISO 4217 currency code"));
        if (yaml.Fee is < 0) errors.Add(new("fee", "fee cannot be negative"));
        if (yaml.Fee is { } feeAmount && decimal.Round(feeAmount, 2) != feeAmount) errors.Add(new("fee", "fee can have at most two decimals"));
        else if (yaml.Fee is { } wholeAmount && knownCurrency && Currencies.Decimals(currency) == 0 && decimal.Truncate(wholeAmount) != wholeAmount)
        {
            errors.Add(new("fee", $"fee in '{currency}' cannot have decimals"));
        }
        // Fees are stored in minor units (a long): a billion in any currency is beyond any course, and far from that limit.
        else if (yaml.Fee is > MaxFee) errors.Add(new("fee", "fee can be at most 1,000,000,000"));

        var opens = LocalDateTime(yaml.ApplicationsOpen, "applications_open", endOfDay: false, errors);
        var closes = LocalDateTime(yaml.ApplicationsClose, "applications_close", endOfDay: true, errors);
        // A time the clocks skip (00:30 when they jump from 00:00 to 01:00) would be moved silently to another: refused,
        // as a session's start is. A date alone opens when that day does, whenever its first hour is.
        foreach (var (time, written, key) in new[] { (opens, yaml.ApplicationsOpen, "applications_open"), (closes, yaml.ApplicationsClose, "applications_close") })
        {
            if (time is { } local && written?.Contains(':', StringComparison.Ordinal) == true && zone is not null && ZonedTime.IsSkipped(local, zone))
            {
                errors.Add(new(key, $"{key} '{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}' does not exist in the course's time zone: the clocks move forward then"));
            }
        }
        if (opens is not null && closes is not null && closes <= opens)
        {
            errors.Add(new("applications_close", "applications_close must be after applications_open"));
        }
        DateOnly? results = null;
        if (!string.IsNullOrWhiteSpace(yaml.ResultsDate))
        {
            results = Date(yaml.ResultsDate, "results_date", errors);
        }

        var phases = ParsePhases(yaml.Phases, errors);
        var sessions = zone is null ? [] : ParseSessions(yaml.Sessions, zone, errors);

        if (opens is not null && phases.Count > 0 && opens.Value.Date > phases.Min(p => p.StartsOn).ToDateTime(TimeOnly.MinValue))
        {
            errors.Add(new("applications_open", "applications_open must not be after the course starts"));
        }
        if (closes is not null && phases.Count > 0 && closes.Value.Date > phases.Max(p => p.EndsOn).ToDateTime(TimeOnly.MinValue))
        {
            errors.Add(new("applications_close", "applications_close must not be after the course ends"));
        }
        if (results is { } resultsDay && closes is not null && resultsDay.ToDateTime(TimeOnly.MinValue) < closes.Value.Date)
        {
            errors.Add(new("results_date", "results_date must not be before applications_close"));
        }
        else if (results is { } announced && phases.Count > 0 && announced > phases.Max(p => p.EndsOn))
        {
            errors.Add(new("results_date", "results_date must not be after the course ends"));
        }
        // The course's modality is what its phases make it: the catalogue filters by the one, the page lists the others.
        if (phases.Count > 0 && !errors.Any(e => e.Key == "modality" || e.Key.StartsWith("phases", StringComparison.Ordinal))
            && Expected(phases) != modality)
        {
            errors.Add(new("modality", "modality does not match the phases: only virtual ones make a virtual course, only in-person ones an in-person course, both a hybrid one"));
        }

        var rubric = (yaml.Rubric ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList();
        if (rubric.Count > 6) errors.Add(new("rubric", "rubric: at most six criteria"));
        if (rubric.Distinct(StringComparer.OrdinalIgnoreCase).Count() < rubric.Count) errors.Add(new("rubric", "rubric: each criterion once"));
        if (yaml.ScholarshipReplyDays is < 1 or > 60) errors.Add(new("scholarship_reply_days", "scholarship_reply_days must be between 1 and 60"));
        if (yaml.CompletionAttendance is < 0 or > 100) errors.Add(new("completion_attendance", "completion_attendance must be a percentage between 0 and 100"));
        if (yaml.OrganiserEmail is { } organiserEmail && !Text.EmailAddress.IsPlain(organiserEmail))
        {
            errors.Add(new("organiser_email", $"organiser_email '{organiserEmail}' is not an email address"));
        }

        if (errors.Count > 0 || zone is null || opens is null || closes is null)
        {
            return ParseResult<CourseDocument>.Fail(errors);
        }

        return ParseResult<CourseDocument>.Ok(new CourseDocument(
            Slug: slug,
            Title: title!,
            Summary: summary!,
            Language: language!,
            Modality: modality,
            Organiser: organiser!,
            Partners: (yaml.Partners ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToList(),
            Audience: audience!,
            TimeZone: zone.Id,
            Hours: yaml.Hours!.Value,
            FeeMinor: (long)Math.Round((yaml.Fee ?? 0m) * 100m, MidpointRounding.AwayFromZero),
            Currency: currency,
            Capacity: yaml.Capacity!.Value,
            Scholarships: yaml.Scholarships ?? 0,
            ScholarshipNote: Blank(yaml.ScholarshipNote),
            ApplicationsOpenUtc: ZonedTime.ToUtc(opens!.Value, zone),
            ApplicationsCloseUtc: ZonedTime.ToUtc(closes!.Value, zone),
            ResultsDate: results,
            Phases: phases,
            Sessions: sessions,
            Published: yaml.Published ?? true,
            Description: description,
            SupervisorEndorsement: yaml.SupervisorEndorsement ?? false,
            InstructorsReview: yaml.InstructorsReview ?? true,
            Rubric: rubric.Count > 0 ? rubric : Enrolments.ReviewRubric.Default(language!),
            ScholarshipReplyDays: yaml.ScholarshipReplyDays ?? 7,
            OrganiserEmail: Blank(yaml.OrganiserEmail),
            CompletionAttendance: yaml.CompletionAttendance ?? Learning.CompletionRule.DefaultAttendancePercent));
    }

    /// <summary>Parses <c>modules/NN-slug.md</c>; the file name gives the order and the slug.</summary>
    public static ParseResult<ModuleDocument> ParseModule(string fileName, string text)
    {
        var match = ModuleFileNamePattern().Match(fileName);
        if (!match.Success || !IsValidSlug(match.Groups["slug"].Value))
        {
            return ParseResult<ModuleDocument>.Fail(
                $"the file name '{fileName}' must look like NN-slug.md (a number, a hyphen, lowercase letters, digits and hyphens)");
        }
        if (!FrontMatter.TrySplit(text, out var split, out var splitError))
        {
            return ParseResult<ModuleDocument>.Fail(splitError!);
        }
        if (!TryDeserialize<ModuleYaml>(split!.Yaml, out var yaml, out var yamlError))
        {
            return ParseResult<ModuleDocument>.Fail(yamlError!);
        }
        var errors = new List<ContentError>();
        var title = Required(yaml.Title, "title", errors);
        DateOnly? release = string.IsNullOrWhiteSpace(yaml.Release) ? null : Date(yaml.Release, "release", errors);
        if (string.IsNullOrWhiteSpace(split.Body)) errors.Add(new("body", "the module has no text after its front matter"));
        if (errors.Count > 0) return ParseResult<ModuleDocument>.Fail(errors);

        return ParseResult<ModuleDocument>.Ok(new ModuleDocument(
            Slug: match.Groups["slug"].Value,
            Position: int.Parse(match.Groups["position"].Value, CultureInfo.InvariantCulture),
            Title: title!,
            ReleaseOn: release,
            Preview: yaml.Preview ?? false,
            Markdown: split.Body));
    }

    private static List<PhaseDocument> ParsePhases(List<PhaseFrontMatter>? phases, List<ContentError> errors)
    {
        var result = new List<PhaseDocument>();
        if (phases is null || phases.Count == 0)
        {
            errors.Add(new("phases", "phases: at least one phase with its dates is required"));
            return result;
        }
        for (var i = 0; i < phases.Count; i++)
        {
            var phase = phases[i];
            var where = $"phases[{i + 1}]";
            var phaseErrors = new List<ContentError>();
            var name = Required(phase.Name, $"{where}.name", phaseErrors);
            if (!Text.OneLine.Is(name)) phaseErrors.Add(new($"{where}.name", $"{where}.name must be one line"));
            if (!Text.OneLine.Is(phase.Venue)) phaseErrors.Add(new($"{where}.venue", $"{where}.venue must be one line"));
            var modality = Modality.Virtual;
            if (Required(phase.Modality, $"{where}.modality", phaseErrors) is { } text
                && (!ModalityNames.TryParse(text, out modality) || modality == Modality.Hybrid))
            {
                phaseErrors.Add(new($"{where}.modality", $"{where}.modality '{text}' is unknown (a phase is virtual or in-person)"));
            }
            var starts = Required(phase.Starts, $"{where}.starts", phaseErrors) is { } s ? Date(s, $"{where}.starts", phaseErrors) : null;
            var ends = Required(phase.Ends, $"{where}.ends", phaseErrors) is { } e ? Date(e, $"{where}.ends", phaseErrors) : null;
            if (starts is not null && ends is not null && ends < starts)
            {
                phaseErrors.Add(new($"{where}.ends", $"{where}: ends ({ends:yyyy-MM-dd}) is before starts ({starts:yyyy-MM-dd})"));
            }
            if (modality == Modality.InPerson && string.IsNullOrWhiteSpace(phase.Venue))
            {
                phaseErrors.Add(new($"{where}.venue", $"{where}.venue is required for an in-person phase"));
            }
            errors.AddRange(phaseErrors);
            if (phaseErrors.Count == 0)
            {
                result.Add(new PhaseDocument(name!, modality, starts!.Value, ends!.Value, Blank(phase.Venue)));
            }
        }
        return result;
    }

    private static List<SessionDocument> ParseSessions(List<SessionFrontMatter>? sessions, TimeZoneInfo zone, List<ContentError> errors)
    {
        var result = new List<SessionDocument>();
        var titles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (sessions?.Count ?? 0); i++)
        {
            var session = sessions![i];
            var where = $"sessions[{i + 1}]";
            var sessionErrors = new List<ContentError>();
            var title = Required(session.Title, $"{where}.title", sessionErrors);
            if (title is not null && !titles.Add(title))
            {
                sessionErrors.Add(new($"{where}.title", $"{where}.title '{title}' is used twice (titles identify sessions within a course)"));
            }
            var organisation = Required(session.Organisation, $"{where}.organisation", sessionErrors);
            var starts = Required(session.Starts, $"{where}.starts", sessionErrors) is { } s
                ? LocalDateTime(s, $"{where}.starts", endOfDay: false, sessionErrors, requireTime: true)
                : null;
            if (session.Minutes is null or <= 0 or > 24 * 60)
            {
                sessionErrors.Add(new($"{where}.minutes", $"{where}.minutes must be a duration in minutes between 1 and 1440"));
            }
            if (session.JoinUrl is { } url && !IsJoinUrl(url))
            {
                sessionErrors.Add(new($"{where}.join_url", $"{where}.join_url '{url}' is not an https address"));
            }
            errors.AddRange(sessionErrors);
            if (sessionErrors.Count == 0)
            {
                result.Add(new SessionDocument(
                    title!, organisation!, Blank(session.Speaker), ZonedTime.ToUtc(starts!.Value, zone), session.Minutes!.Value,
                    Blank(session.JoinUrl), Blank(session.Room), Blank(session.Description)));
            }
        }
        return result;
    }

    /// <summary>
    /// A join link is https: it goes into mails and calendars, and a meeting's address (often with its passcode)
    /// should not travel in the clear. It is one address with no space or line break in it: the parser of
    /// addresses takes those, and a line break would start a line of its own in every invitation's calendar.
    /// </summary>
    public static bool IsJoinUrl(string? url) =>
        url is not null && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static bool TryDeserialize<T>(string yaml, out T result, out string? error) where T : new()
    {
        try
        {
            result = Yaml.Deserialize<T>(yaml) ?? new T();
            error = null;
            return true;
        }
        catch (YamlException ex)
        {
            result = new T();
            var reason = ex.InnerException?.Message ?? ex.Message;
            var unknown = UnknownKeyPattern().Match(ex.Message);
            if (unknown.Success)
            {
                error = $"'{unknown.Groups["key"].Value}' at line {ex.Start.Line} is not a known key";
                return false;
            }
            error = $"the front matter is not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {reason}";
            return false;
        }
    }

    private static string? Required(string? value, string key, List<ContentError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(key, $"{key} is required"));
            return null;
        }
        return value.Trim();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void NonNegative(int? value, string key, List<ContentError> errors, bool mustBePositive)
    {
        if (value is null)
        {
            if (mustBePositive) errors.Add(new(key, $"{key} is required"));
        }
        else if (mustBePositive ? value <= 0 : value < 0)
        {
            errors.Add(new(key, mustBePositive ? $"{key} must be greater than zero" : $"{key} cannot be negative"));
        }
    }

    /// <summary>
    /// The years a course's dates may fall in. A date picker offers year 9999, where adding a day or a time
    /// zone's offset no longer gives a date; no course of the institute is that far from now.
    /// </summary>
    public const int FirstYear = 2000, LastYear = 2099;

    /// <summary>The highest fee a course can ask, in its currency's major unit.</summary>
    public const decimal MaxFee = 1_000_000_000m;
    public const int MaxHours = 5000;

    /// <summary>More seats than any classroom or virtual room holds: a typing slip (an extra zero or two).</summary>
    public const int MaxCapacity = 10_000;

    /// <summary>Virtual phases only: virtual; in-person only: in person; both: hybrid.</summary>
    private static Modality Expected(IReadOnlyCollection<PhaseDocument> phases) =>
        phases.All(p => p.Modality == Modality.Virtual) ? Modality.Virtual
        : phases.All(p => p.Modality == Modality.InPerson) ? Modality.InPerson
        : Modality.Hybrid;

    public static bool IsPlausibleYear(int year) => year is >= FirstYear and <= LastYear;

    private static DateOnly? Date(string value, string key, List<ContentError> errors)
    {
        if (DateOnly.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (IsPlausibleYear(date.Year)) return date;
            errors.Add(new(key, $"{key} '{value}' is not between the years {FirstYear} and {LastYear}"));
            return null;
        }
        errors.Add(new(key, $"{key} '{value}' is not a date in the form yyyy-MM-dd"));
        return null;
    }

    /// <summary>A local date (the start of that day, or its last minute) or a local date and time.</summary>
    private static DateTime? LocalDateTime(string? value, string key, bool endOfDay, List<ContentError> errors, bool requireTime = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(key, $"{key} is required"));
            return null;
        }
        var text = value.Trim();
        DateTime? parsed = null;
        if (DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            parsed = dateTime;
        }
        else if (!requireTime && DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            parsed = endOfDay ? date.ToDateTime(new TimeOnly(23, 59)) : date.ToDateTime(TimeOnly.MinValue);
        }
        if (parsed is { } local)
        {
            if (IsPlausibleYear(local.Year)) return local;
            errors.Add(new(key, $"{key} '{value}' is not between the years {FirstYear} and {LastYear}"));
            return null;
        }
        errors.Add(new(key, requireTime
            ? $"{key} '{value}' is not a local date and time in the form yyyy-MM-dd HH:mm"
            : $"{key} '{value}' is not a date (yyyy-MM-dd) or a date and time (yyyy-MM-dd HH:mm)"));
        return null;
    }

    // The front matter of a module; an unknown key is an error, as in course.md.
    private sealed class ModuleYaml
    {
        public string? Title { get; set; }
        public string? Release { get; set; }
        public bool? Preview { get; set; }
    }
}
