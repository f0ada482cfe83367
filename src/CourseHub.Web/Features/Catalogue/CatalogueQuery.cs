using CourseHub.Core.Courses;
using CourseHub.Core.Text;
using CourseHub.Web.Data;
using CourseHub.Web.Features.Shared.Components;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Catalogue;

/// <summary>The catalogue's filters, as they arrive in the query string; <paramref name="Search"/> is the words typed (<c>q</c>).</summary>
public sealed partial record CatalogueFilter(string? Language, string? Modality, string? Status, string? Search = null)
{
    /// <summary>Longer is no search anyone types; what is beyond is left out.</summary>
    public const int MostSearchLength = 100;

    /// <summary>The words typed, each to be found (in any case, with or without accents); none when nothing was typed.</summary>
    public IReadOnlyList<string> Words => WordsOf(Cut(Search ?? ""));

    /// <summary>
    /// A text's words, folded: split at whatever is neither letter nor digit, so that quotes and commas typed around
    /// a word ("datos,") do not keep it from being found.
    /// </summary>
    public static string[] WordsOf(string text) =>
        [.. NotLetterOrDigit().Split(Folding.Fold(text)).Where(word => word.Length > 0)];

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial System.Text.RegularExpressions.Regex NotLetterOrDigit();

    /// <summary>
    /// Every word typed (<see cref="Words"/>) begins a word of the text: "red" finds "redes", not "acreditación"; "datos"
    /// finds "datos abiertos". No word typed finds everything.
    /// </summary>
    public static bool Finds(IReadOnlyList<string> words, string text)
    {
        if (words.Count == 0) return true;
        var own = WordsOf(text);
        return words.All(word => own.Any(w => w.StartsWith(word, StringComparison.Ordinal)));
    }

    // Never between the two halves of a character beyond the basic plane (an emoji): half of one is no text at all.
    private static string Cut(string typed) =>
        typed.Length <= MostSearchLength ? typed : typed[..(char.IsLowSurrogate(typed[MostSearchLength]) ? MostSearchLength - 1 : MostSearchLength)];
}

public sealed record FilterOption(string Value, string Label, bool Selected);

public sealed record CatalogueViewModel(
    IReadOnlyList<CourseCardModel> Courses,
    IReadOnlyList<FilterOption> Languages,
    IReadOnlyList<FilterOption> Modalities,
    IReadOnlyList<FilterOption> Statuses,
    bool IsFiltered,
    int TotalPublished)
{
    /// <summary>The words searched for, as typed, to show them again in the box.</summary>
    public string Search { get; init; } = "";
}

/// <summary>Published courses, filtered, what a visitor can act on first.</summary>
public sealed class CatalogueQuery(CourseHubDbContext db, TimeProvider clock)
{
    /// <param name="readerId">The signed-in reader, whose own applications the cards show; null for a visitor.</param>
    public async Task<CatalogueViewModel> RunAsync(CatalogueFilter filter, string? readerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var mine = readerId is null ? [] : await db.Applications.AsNoTracking().Where(a => a.UserId == readerId)
            .Select(a => new { a.Course!.Slug, a.State }).ToDictionaryAsync(a => a.Slug, a => a.State, cancellationToken);
        var readerZone = readerId is null ? null : await db.Users.Where(u => u.Id == readerId).Select(u => u.TimeZone).SingleOrDefaultAsync(cancellationToken);
        var published = await db.Courses.AsNoTracking()
            .Where(c => c.Published)
            .Select(c => new
            {
                c.Slug, c.Title, c.Summary, c.Organiser, c.Audience, c.Language, c.Modality, c.StartsOn, c.EndsOn,
                c.ApplicationsOpenUtc, c.ApplicationsCloseUtc, c.StartsUtc, c.EndsUtc,
                c.TimeZone, c.Capacity, c.ScholarshipQuota, c.FeeMinor, c.Currency,
                Accepted = db.Applications.Count(a => a.CourseId == c.Id && a.State == Core.Enrolments.ApplicationState.Accepted),
            })
            .ToListAsync(cancellationToken);

        // A course is found by its title, summary, organiser and audience: every word typed in one of them.
        var words = filter.Words;
        var found = published.Where(c => CatalogueFilter.Finds(words, $"{c.Title} {c.Summary} {c.Organiser} {c.Audience}")).Select(c => c.Slug).ToHashSet();

        var cards = published
            .Select(c => new CourseCardModel(
                c.Slug, c.Title, c.Summary, c.Language, c.Modality, c.StartsOn, c.EndsOn,
                new CourseTimeline(c.ApplicationsOpenUtc, c.ApplicationsCloseUtc, c.StartsUtc, c.EndsUtc).StatusAt(now),
                c.ApplicationsCloseUtc, c.TimeZone, c.Capacity, c.ScholarshipQuota, c.FeeMinor, c.Currency)
            {
                MyApplication = mine.TryGetValue(c.Slug, out var state) ? state : null,
                ViewerTimeZone = readerZone,
                SeatsTaken = Core.Enrolments.ApplicationRules.SeatsTaken(c.Accepted, c.Capacity),
            })
            .ToList();

        // Any language the site teaches in filters, also one with no course now ("?language=pt" finds none rather
        // than everything); other values are ignored, like unknown modalities and statuses.
        var asked = filter.Language?.Trim().ToLowerInvariant();
        var language = asked is "en" or "es" or "pt" ? asked : null;
        Modality? modality = ModalityNames.TryParse(filter.Modality, out var m) ? m : null;
        StatusFilter? status = StatusFilters.TryParse(filter.Status, out var s) ? s : null;

        var shown = cards
            .Where(c => language is null || c.Language == language)
            .Where(c => modality is null || c.Modality == modality)
            .Where(c => status is null || status.Value.Matches(c.Status))
            .Where(c => found.Contains(c.Slug))
            .OrderBy(c => c.Status.DisplayRank())
            .ThenBy(c => c.Status == CourseStatus.Finished ? -c.StartsOn.DayNumber : c.StartsOn.DayNumber)
            .ThenBy(c => c.Title, StringComparer.CurrentCulture)
            .ToList();

        return new CatalogueViewModel(
            shown,
            cards.Select(c => c.Language).Append(language).OfType<string>().Distinct().Order()
                .Select(code => new FilterOption(code, Shared.Labels.Language(code), code == language)).ToList(),
            Enum.GetValues<Modality>()
                .Select(v => new FilterOption(v.ToSlug(), Shared.Labels.Modality(v), v == modality)).ToList(),
            Enum.GetValues<StatusFilter>()
                .Select(v => new FilterOption(v.ToSlug(), Shared.Labels.StatusFilter(v), v == status)).ToList(),
            IsFiltered: language is not null || modality is not null || status is not null || words.Count > 0,
            TotalPublished: cards.Count) { Search = filter.Search?.Trim() ?? "" };
    }
}
