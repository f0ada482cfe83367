using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CourseHub.Core.Content;
using CourseHub.Core.Courses;
using CourseHub.Core.Sessions;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.CourseAdmin;

/// <summary>
/// Every fact of <c>course.md</c> as an admin types it. Dates and numbers stay text until the content rules
/// judge them, so that a form and a file are read by the same code (and a fee is never read in the
/// visitor's culture, where "150.50" would be fifteen thousand).
/// </summary>
public sealed record CourseForm
{
    // In the order of the form: its error summary lists problems in this order.
    [StringLength(300, ErrorMessage = "The title can be at most 300 characters.")]
    public string? Title { get; init; }

    /// <summary>The course's address and content folder name; set when the course is created, fixed afterwards.</summary>
    [StringLength(100, ErrorMessage = "The address can be at most 100 characters.")]
    public string? Slug { get; init; }

    [StringLength(1000, ErrorMessage = "The summary can be at most 1,000 characters.")]
    public string? Summary { get; init; }

    public string? Language { get; init; } = "en";
    public string? Modality { get; init; } = "virtual";
    public string? TimeZone { get; init; }

    [StringLength(500, ErrorMessage = "The organiser can be at most 500 characters.")]
    public string? Organiser { get; init; }

    [StringLength(300, ErrorMessage = "The organiser's email can be at most 300 characters.")]
    public string? OrganiserEmail { get; init; }

    /// <summary>One partner organisation per line.</summary>
    [StringLength(5000, ErrorMessage = "The partners can be at most 5,000 characters.")]
    public string? Partners { get; init; }

    [StringLength(2000, ErrorMessage = "The audience can be at most 2,000 characters.")]
    public string? Audience { get; init; }

    [Display(Name = "Duration in hours")]
    public int? Hours { get; init; }

    [Display(Name = "Seats")]
    public int? Capacity { get; init; }

    /// <summary>In major units with a decimal point ("150.50"); 0 or empty for a free course.</summary>
    public string? Fee { get; init; }

    public string? Currency { get; init; } = "USD";

    [Display(Name = "Full scholarships offered")]
    public int? Scholarships { get; init; } = 0;

    [Display(Name = "Days to accept a scholarship")]
    public int? ScholarshipReplyDays { get; init; } = 7;

    [StringLength(1000, ErrorMessage = "The scholarship note can be at most 1,000 characters.")]
    public string? ScholarshipNote { get; init; }

    /// <summary>Local date and time in the course's zone (yyyy-MM-ddTHH:mm, as a datetime-local field posts it).</summary>
    public string? ApplicationsOpen { get; init; }

    public string? ApplicationsClose { get; init; }

    /// <summary>yyyy-MM-dd.</summary>
    public string? ResultsDate { get; init; }

    [Display(Name = "Supervisor endorsement")]
    public bool SupervisorEndorsement { get; init; }

    [Display(Name = "Instructors score applications")]
    public bool InstructorsReview { get; init; } = true;

    /// <summary>One criterion per line; empty for the default rubric in the course's language.</summary>
    [StringLength(3000, ErrorMessage = "The review criteria can be at most 3,000 characters.")]
    public string? Rubric { get; init; }

    public List<PhaseRow> Phases { get; init; } = [];

    [Display(Name = "Attendance required to complete (%)")]
    public int? CompletionAttendance { get; init; } = Core.Learning.CompletionRule.DefaultAttendancePercent;

    [StringLength(100_000, ErrorMessage = "The description can be at most 100,000 characters.")]
    public string? Description { get; init; }

    /// <summary>The course as it was stored when this form was opened (<see cref="CourseAdministration.VersionOf"/>).</summary>
    public string? Opened { get; init; }
}

/// <summary>One phase of the course; a row left blank is ignored.</summary>
public sealed record PhaseRow
{
    [StringLength(200, ErrorMessage = "The phase's name can be at most 200 characters.")]
    public string? Name { get; init; }
    public string? Modality { get; init; } = "virtual";
    public string? Starts { get; init; }
    public string? Ends { get; init; }
    [StringLength(300, ErrorMessage = "The venue can be at most 300 characters.")]
    public string? Venue { get; init; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Starts) && string.IsNullOrWhiteSpace(Ends)
        && string.IsNullOrWhiteSpace(Venue);
}

/// <param name="ToReview">Applications still under review: what waits for the coordinators.</param>
public sealed record CourseAdminItem(string Slug, string Title, string Language, Modality Modality, DateOnly StartsOn, DateOnly EndsOn, bool Published, bool FromFile,
    int Applications, int ToReview, int Scholarships);

public sealed record CourseEditorViewModel(string? Slug, string? Title, bool Published, bool FromFile, CourseForm Form)
{
    public bool IsNew => Slug is null;

    /// <summary>Who teaches the course (assigned from each person's page under /admin/users).</summary>
    public IReadOnlyList<CourseInstructorItem> Instructors { get; init; } = [];

    /// <summary>The IANA zones this machine knows, offered as suggestions; any known zone is accepted.</summary>
    public static IReadOnlyList<string> TimeZones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
}

/// <summary>The course form turned into a course document by the content rules, and back.</summary>
public static partial class CourseForms
{
    /// <summary>Blank phase rows offered under the course's phases, for new ones.</summary>
    public const int SpareRows = 2;

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["slug"] = nameof(CourseForm.Slug), ["title"] = nameof(CourseForm.Title), ["summary"] = nameof(CourseForm.Summary),
        ["language"] = nameof(CourseForm.Language), ["modality"] = nameof(CourseForm.Modality), ["organiser"] = nameof(CourseForm.Organiser),
        ["organiser_email"] = nameof(CourseForm.OrganiserEmail), ["partners"] = nameof(CourseForm.Partners), ["audience"] = nameof(CourseForm.Audience),
        ["time_zone"] = nameof(CourseForm.TimeZone), ["hours"] = nameof(CourseForm.Hours), ["fee"] = nameof(CourseForm.Fee),
        ["currency"] = nameof(CourseForm.Currency), ["capacity"] = nameof(CourseForm.Capacity), ["scholarships"] = nameof(CourseForm.Scholarships),
        ["scholarship_note"] = nameof(CourseForm.ScholarshipNote), ["scholarship_reply_days"] = nameof(CourseForm.ScholarshipReplyDays),
        ["applications_open"] = nameof(CourseForm.ApplicationsOpen), ["applications_close"] = nameof(CourseForm.ApplicationsClose),
        ["results_date"] = nameof(CourseForm.ResultsDate), ["rubric"] = nameof(CourseForm.Rubric),
        ["completion_attendance"] = nameof(CourseForm.CompletionAttendance), ["phases"] = nameof(CourseForm.Phases),
    };

    [GeneratedRegex(@"^phases\[(?<n>[0-9]+)\](?:\.(?<field>[a-z_]+))?$")]
    private static partial Regex PhaseKey();

    [GeneratedRegex(@"phases\[(?<n>[0-9]+)\]\.?")]
    private static partial Regex PhaseMention();

    [GeneratedRegex(@"\b[a-z]+(?:_[a-z]+)+\b")]
    private static partial Regex SnakeCase();

    /// <summary>
    /// Reads the form as the front matter of a <c>course.md</c> and judges it with <see cref="ContentParser.ReadCourse"/>:
    /// the course document, or the problems by form field (worded for the form: "Applications close must be
    /// after applications open", "Phase 2: ends … is before starts …").
    /// </summary>
    public static (CourseDocument? Document, Dictionary<string, string> Errors) Read(string slug, CourseForm form, bool published)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        decimal? fee = null;
        if (!string.IsNullOrWhiteSpace(form.Fee))
        {
            var typed = form.Fee.Trim();
            // A currency without cents has no decimals to mistake a thousands mark for: "150.000 CLP" is 150,000.
            var currency = form.Currency?.Trim().ToUpperInvariant() ?? "";
            if (Currencies.IsKnown(currency) && Currencies.Decimals(currency) == 0 && WholeGrouped().IsMatch(typed)) typed = typed.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
            if (decimal.TryParse(DecimalPoint(typed), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) fee = parsed;
            // Said as it is: the reader may not see why a number they wrote plainly is not taken.
            else if (WholeGrouped().IsMatch(typed)) errors[nameof(CourseForm.Fee)] = $"'{typed}' reads as a thousand and more in one language and as a fraction in another: write it without a thousands mark, such as 1500, or with its cents, such as 1500.00.";
            else errors[nameof(CourseForm.Fee)] = "Enter the fee as a number, such as 150.50 or 150,50 (0 for a free course).";
        }

        // Row numbers as the parser counts them (blank rows skipped) → the rows of the form.
        var rows = form.Phases.Select((row, index) => (row, index)).Where(r => !r.row.IsBlank).ToList();
        var frontMatter = new CourseFrontMatter
        {
            Title = form.Title, Summary = form.Summary, Language = form.Language, Modality = form.Modality, Organiser = form.Organiser,
            OrganiserEmail = Blank(form.OrganiserEmail), Partners = Lines(form.Partners), Audience = form.Audience, TimeZone = form.TimeZone?.Trim(),
            Hours = form.Hours, Fee = fee, Currency = form.Currency, Capacity = form.Capacity, Scholarships = form.Scholarships,
            ScholarshipNote = form.ScholarshipNote, ApplicationsOpen = form.ApplicationsOpen, ApplicationsClose = form.ApplicationsClose,
            ResultsDate = form.ResultsDate,
            Phases = rows.Select(r => new PhaseFrontMatter { Name = r.row.Name, Modality = r.row.Modality, Starts = r.row.Starts, Ends = r.row.Ends, Venue = r.row.Venue }).ToList(),
            Published = published, SupervisorEndorsement = form.SupervisorEndorsement, InstructorsReview = form.InstructorsReview,
            Rubric = Lines(form.Rubric), ScholarshipReplyDays = form.ScholarshipReplyDays, CompletionAttendance = form.CompletionAttendance,
        };
        var result = ContentParser.ReadCourse(slug, frontMatter, Description(form.Description));
        foreach (var problem in result.Problems)
        {
            var field = FieldOf(problem.Key, rows.Select(r => r.index).ToList());
            errors.TryAdd(field, problem.Key == "slug"
                ? "Give the course an address of lowercase letters, digits and hyphens, such as open-data-2027."
                : Worded(problem.Message, rows.Select(r => r.index).ToList()));
        }
        return (errors.Count == 0 ? result.Document : null, errors);
    }

    /// <summary>The form filled with a course's facts, local times in its zone, and spare rows for new phases.</summary>
    public static CourseForm From(CourseDocument course)
    {
        var zone = ZonedTime.FindZone(course.TimeZone);
        string Local(DateTime utc) => ZonedTime.ToLocal(utc, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new CourseForm
        {
            Slug = course.Slug, Title = course.Title, Summary = course.Summary, Language = course.Language, Modality = course.Modality.ToSlug(),
            Organiser = course.Organiser, OrganiserEmail = course.OrganiserEmail, Partners = string.Join('\n', course.Partners), Audience = course.Audience,
            TimeZone = course.TimeZone, Hours = course.Hours, Fee = Fee(course.FeeMinor),
            Currency = course.Currency, Capacity = course.Capacity, Scholarships = course.Scholarships, ScholarshipNote = course.ScholarshipNote,
            ScholarshipReplyDays = course.ScholarshipReplyDays, ApplicationsOpen = Local(course.ApplicationsOpenUtc),
            ApplicationsClose = Local(course.ApplicationsCloseUtc), ResultsDate = course.ResultsDate is { } results ? Day(results) : null,
            Phases = WithSpareRows(course.Phases.Select(p => new PhaseRow
            {
                Name = p.Name, Modality = p.Modality.ToSlug(), Starts = Day(p.StartsOn), Ends = Day(p.EndsOn), Venue = p.Venue,
            })),
            SupervisorEndorsement = course.SupervisorEndorsement, InstructorsReview = course.InstructorsReview,
            Rubric = string.Join('\n', course.Rubric ?? []), CompletionAttendance = course.CompletionAttendance, Description = course.Description,
        };
    }

    /// <summary>The rows as posted (so nothing typed is lost), plus blank ones up to <see cref="SpareRows"/>.</summary>
    public static List<PhaseRow> WithSpareRows(IEnumerable<PhaseRow> rows)
    {
        var list = rows.ToList();
        var blanks = list.AsEnumerable().Reverse().TakeWhile(r => r.IsBlank).Count();
        for (var i = blanks; i < SpareRows; i++) list.Add(new PhaseRow());
        return list;
    }

    private static string FieldOf(string key, IReadOnlyList<int> rows)
    {
        var phase = PhaseKey().Match(key);
        if (phase.Success)
        {
            var row = rows[int.Parse(phase.Groups["n"].Value, CultureInfo.InvariantCulture) - 1];
            var field = phase.Groups["field"].Success ? phase.Groups["field"].Value : "name";
            return $"{nameof(CourseForm.Phases)}[{row}].{char.ToUpperInvariant(field[0])}{field[1..]}";
        }
        return Fields.GetValueOrDefault(key, "");
    }

    /// <summary>Messages about fields the form names otherwise than the course file ("capacity" is "Seats" there).</summary>
    private static readonly Dictionary<string, string> FormWording = new(StringComparer.Ordinal)
    {
        ["Capacity is required"] = "Enter the number of seats",
        ["Capacity must be greater than zero"] = "Seats must be greater than zero",
        ["Hours is required"] = "Enter the duration in hours",
        ["Hours must be greater than zero"] = "Duration in hours must be greater than zero",
        ["Scholarships cannot be negative"] = "Full scholarships offered cannot be negative",
        ["Scholarships cannot be more than capacity"] = "Full scholarships offered cannot be more than the seats",
        ["Hours can be at most 5,000"] = "Duration in hours can be at most 5,000",
        ["Capacity can be at most 10,000"] = "Seats can be at most 10,000",
        ["Scholarship reply days must be between 1 and 60"] = "Days to accept a scholarship must be between 1 and 60",
        ["Completion attendance must be a percentage between 0 and 100"] = "Attendance required to complete must be a percentage between 0 and 100",
    };

    private static string Worded(string message, IReadOnlyList<int> rows)
    {
        var worded = FileWorded(message, rows);
        return FormWording.GetValueOrDefault(worded, worded);
    }

    private static string FileWorded(string message, IReadOnlyList<int> rows)
    {
        // Only the message's own words: a value it quotes is what the person typed, and stays as typed.
        var text = string.Concat(QuotedValue().Split(message).Select((part, i) => i % 2 == 1 ? part : FormWorded(part, rows)));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static string FormWorded(string words, IReadOnlyList<int> rows)
    {
        var text = PhaseMention().Replace(words, m =>
            int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= rows.Count
                ? $"phase {rows[n - 1] + 1} "
                : m.Value);
        text = SnakeCase().Replace(text, m => m.Value.Replace('_', ' '));
        return text.Replace("  ", " ", StringComparison.Ordinal).Replace(" :", ":", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"('[^']*')")]
    private static partial Regex QuotedValue();

    /// <summary>
    /// A message of <see cref="Read"/> in the reader's language. Its values (quoted text, dates, a phase's
    /// number) become placeholders, so "Phase 2: ends (2027-01-20) is before starts (2027-02-01)" is looked
    /// up as "Phase {0}: ends ({1}) is before starts ({2})" like any other text of the interface.
    /// </summary>
    public static string Localized(string message, IStringLocalizer localizer)
    {
        var values = new List<object>();
        var template = new StringBuilder();
        var last = 0;
        // Braces outside the values are the text's own (a value with an apostrophe in it ends early): doubled,
        // they format as themselves instead of as placeholders.
        static string Literal(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
        foreach (Match m in MessageValue().Matches(message))
        {
            var value = m.Groups["v"];
            values.Add(value.Value);
            template.Append(Literal(message[last..m.Index]))
                .Append(Literal(message[m.Index..value.Index])).Append('{').Append(values.Count - 1).Append('}')
                .Append(Literal(message[(value.Index + value.Length)..(m.Index + m.Length)]));
            last = m.Index + m.Length;
        }
        template.Append(Literal(message[last..]));
        return localizer[template.ToString(), [.. values]];
    }

    [GeneratedRegex(@"'(?<v>[^']*)'|\((?<v>[0-9]{4}-[0-9]{2}-[0-9]{2}(?: [0-9]{2}:[0-9]{2})?|[0-9]+)\)|^Phase (?<v>[0-9]+)")]
    private static partial Regex MessageValue();

    /// <summary>
    /// The fee as the reader writes it ("150.50", "150,50" in Spanish and Portuguese), without thousands separators,
    /// so that the form reads back what it shows; a whole amount without decimals.
    /// </summary>
    private static string Fee(long feeMinor) =>
        (feeMinor / 100m).ToString(feeMinor % 100 == 0 ? "0" : "0.00", CultureInfo.CurrentCulture);

    /// <summary>
    /// "150,50" as "150.50": Spanish and Portuguese write cents after a comma. Only a comma followed by one or two
    /// digits at the end is read so. "1,500" and "1.500" could each be a thousand and a half or one and a half
    /// (the languages write thousands the other way round), and are refused rather than guessed; with both marks
    /// ("1.234,56", "1,234.56") the last is the decimal one, and there is nothing to guess.
    /// </summary>
    private static string DecimalPoint(string fee)
    {
        if (GroupedWithDecimals().Match(fee) is { Success: true } grouped)
        {
            var group = grouped.Groups["group"].Value;
            var point = grouped.Groups["point"].Value;
            return group != point ? fee.Replace(group, "", StringComparison.Ordinal).Replace(point, ".", StringComparison.Ordinal) : "";
        }
        return DecimalComma().IsMatch(fee) ? fee.Replace(',', '.') : ThousandsPoint().IsMatch(fee) ? "" : fee;
    }

    [GeneratedRegex(@"^-?[1-9][0-9]{0,2}(?<group>[.,])[0-9]{3}(\k<group>[0-9]{3})*(?<point>[.,])[0-9]{1,2}$")]
    private static partial Regex GroupedWithDecimals();

    [GeneratedRegex(@"^-?[1-9][0-9]{0,2}(?<group>[.,])[0-9]{3}(\k<group>[0-9]{3})*$")]
    private static partial Regex WholeGrouped();

    // "0.001" is no thousand: its digits after the point are too many decimals, which the file's rules say so.
    [GeneratedRegex(@"^-?[1-9][0-9]{0,2}(\.[0-9]{3})+$")]
    private static partial Regex ThousandsPoint();

    [GeneratedRegex(@"^-?[0-9]+,[0-9]{1,2}$")]
    private static partial Regex DecimalComma();

    /// <summary>As a file's body is read: line ends normalised, surrounding blank lines dropped.</summary>
    private static string Description(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed record CourseInstructorItem(string UserId, string Name, string Email);
