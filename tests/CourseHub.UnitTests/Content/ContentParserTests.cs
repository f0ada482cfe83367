using CourseHub.Core.Content;
using CourseHub.Core.Courses;

namespace CourseHub.UnitTests.Content;

public sealed class ContentParserTests
{
    private const string ValidCourse = """
        ---
        title: Estado abierto en América Latina y el Caribe
        summary: Un curso híbrido.
        language: es
        modality: hybrid
        organiser: ILPES/CEPAL
        partners:
          - CEPAL México
        audience: Funcionarios públicos.
        time_zone: America/Mexico_City
        hours: 60
        fee: 0
        currency: USD
        capacity: 40
        scholarships: 15
        scholarship_note: Cubre pasajes, alojamiento y alimentación.
        applications_open: 2026-11-16
        applications_close: 2027-08-20 23:59
        results_date: 2027-09-10
        phases:
          - name: Fase virtual
            modality: virtual
            starts: 2027-10-13
            ends: 2027-11-10
          - name: Semana presencial
            modality: in-person
            starts: 2027-11-22
            ends: 2027-11-26
            venue: Sede subregional de la CEPAL en México
        sessions:
          - title: Inauguración
            organisation: CEPAL
            starts: 2027-10-13 10:00
            minutes: 90
            join_url: https://zoom.us/j/123
        ---
        El **curso** explica el Estado abierto.
        """;

    [Fact]
    public void Valid_course_file_yields_every_fact_with_times_in_utc()
    {
        var result = ContentParser.ParseCourse("estado-abierto", ValidCourse);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var course = result.Document!;
        Assert.Equal("Estado abierto en América Latina y el Caribe", course.Title);
        Assert.Equal(Modality.Hybrid, course.Modality);
        Assert.Equal("es", course.Language);
        Assert.Equal(["CEPAL México"], course.Partners);
        Assert.Equal(15, course.Scholarships);
        Assert.Equal(40, course.Capacity);
        Assert.Equal(0, course.FeeMinor);
        // Mexico City has kept UTC-6 all year since 2022.
        Assert.Equal(new DateTime(2026, 11, 16, 6, 0, 0, DateTimeKind.Utc), course.ApplicationsOpenUtc);
        Assert.Equal(new DateTime(2027, 8, 21, 5, 59, 0, DateTimeKind.Utc), course.ApplicationsCloseUtc);
        Assert.Equal(new DateOnly(2027, 10, 13), course.StartsOn);
        Assert.Equal(new DateOnly(2027, 11, 26), course.EndsOn);
        Assert.Equal("Sede subregional de la CEPAL en México", course.Phases[1].Venue);
        var session = Assert.Single(course.Sessions);
        Assert.Equal(new DateTime(2027, 10, 13, 16, 0, 0, DateTimeKind.Utc), session.StartsUtc);
        Assert.Equal(90, session.Minutes);
        Assert.Equal("El **curso** explica el Estado abierto.", course.Description);
    }

    [Fact]
    public void Applications_close_given_as_a_date_closes_at_the_end_of_that_day()
    {
        var result = ContentParser.ParseCourse("x", ValidCourse.Replace("applications_close: 2027-08-20 23:59", "applications_close: 2027-08-20"));

        Assert.Equal(new DateTime(2027, 8, 21, 5, 59, 0, DateTimeKind.Utc), result.Document!.ApplicationsCloseUtc);
    }

    [Fact]
    public void An_application_window_at_a_time_the_clocks_skip_is_refused_rather_than_moved()
    {
        // Santiago's clocks go from 00:00 to 01:00 on 5 September 2027: 00:30 does not happen there that night.
        var result = ContentParser.ParseCourse("x", ValidCourse.Replace("time_zone: America/Mexico_City", "time_zone: America/Santiago")
            .Replace("applications_close: 2027-08-20 23:59", "applications_close: 2027-09-05 00:30"));

        Assert.Null(result.Document);
        Assert.Contains("applications_close '2027-09-05 00:30' does not exist in the course's time zone: the clocks move forward then", result.Errors);
    }

    [Fact]
    public void An_application_window_opening_on_a_day_whose_midnight_the_clocks_skip_opens_when_that_day_begins()
    {
        var result = ContentParser.ParseCourse("x", ValidCourse.Replace("time_zone: America/Mexico_City", "time_zone: America/Santiago")
            .Replace("applications_open: 2026-11-16", "applications_open: 2027-09-05")
            .Replace("applications_close: 2027-08-20 23:59", "applications_close: 2027-09-20 23:59")
            .Replace("results_date: 2027-09-10", "results_date: 2027-09-25"));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(new DateTime(2027, 9, 5, 4, 0, 0, DateTimeKind.Utc), result.Document!.ApplicationsOpenUtc);   // 01:00 there, when the day begins
    }

    [Fact]
    public void Fee_is_kept_in_minor_units()
    {
        var result = ContentParser.ParseCourse("x", ValidCourse.Replace("fee: 0", "fee: 150.50"));

        Assert.Equal(15050, result.Document!.FeeMinor);
    }

    [Theory]
    [InlineData("title: Estado abierto en América Latina y el Caribe\n", "", "title is required")]
    [InlineData("modality: hybrid", "modality: blended", "modality 'blended' is unknown")]
    [InlineData("ends: 2027-11-10", "ends: 2027-10-01", "ends (2027-10-01) is before starts (2027-10-13)")]
    [InlineData("time_zone: America/Mexico_City", "time_zone: Mars/Olympus", "time_zone 'Mars/Olympus' is not a known IANA time zone")]
    [InlineData("capacity: 40", "capacity: 0", "capacity must be greater than zero")]
    [InlineData("language: es", "language: fr", "language 'fr' is not supported")]
    [InlineData("applications_close: 2027-08-20 23:59", "applications_close: 2026-11-01", "applications_close must be after applications_open")]
    [InlineData("starts: 2027-10-13 10:00", "starts: 2027-10-13", "is not a local date and time")]
    [InlineData("            venue: Sede subregional de la CEPAL en México\n", "", "venue is required for an in-person phase")]
    [InlineData("venue: Sede subregional de la CEPAL en México", "venue: \"Sede subregional\\nde la CEPAL\"", "phases[2].venue must be one line")]   // a mail's line of its own
    [InlineData("organiser: ILPES/CEPAL", "organiser: \"ILPES\\nCEPAL\"", "organiser must be one line")]
    [InlineData("join_url: https://zoom.us/j/123", "join_url: javascript:alert(1)", "is not an https address")]
    [InlineData("join_url: https://zoom.us/j/123", "join_url: http://zoom.us/j/123", "is not an https address")]   // a meeting's address and passcode travel in mails
    [InlineData("join_url: https://zoom.us/j/123", "join_url: \"https://zoom.us/j/1\\r\\nATTENDEE:mailto:x@y.example\"", "is not an https address")]   // a line of its own in every invitation
    [InlineData("hours: 60", "hours: 60\ncolour: blue", "'colour' at line 11 is not a known key")]
    [InlineData("summary: Un curso híbrido.", "summary: [unclosed", "not valid YAML")]
    [InlineData("time_zone: America/Mexico_City", "time_zone: Central Standard Time (Mexico)", "is not a known IANA time zone")]   // Windows names: calendars do not know them
    [InlineData("organiser: ILPES/CEPAL", "organiser: ILPES/CEPAL\norganiser_email: a b@cepal.org", "organiser_email 'a b@cepal.org' is not an email address")]
    [InlineData("fee: 0", "fee: 150.505", "fee can have at most two decimals")]
    [InlineData("currency: USD", "currency: USS", "currency 'USS' is not an ISO 4217 currency code")]   // three letters, but no currency
    [InlineData("fee: 0\ncurrency: USD", "fee: 15000.50\ncurrency: CLP", "fee in 'CLP' cannot have decimals")]   // a peso has no cents
    [InlineData("applications_close: 2027-08-20 23:59", "applications_close: 2027-12-20 23:59", "applications_close must not be after the course ends")]
    [InlineData("results_date: 2027-09-10", "results_date: 2027-08-19", "results_date must not be before applications_close")]
    [InlineData("hours: 60", "hours: 60\nrubric:\n  - Motivation\n  - motivation", "rubric: each criterion once")]
    [InlineData("scholarships: 15", "scholarships: 41", "scholarships cannot be more than capacity")]   // only accepted applicants hold one
    [InlineData("hours: 60", "hours: 5001", "hours can be at most 5,000")]
    [InlineData("results_date: 2027-09-10", "results_date: 2027-11-27", "results_date must not be after the course ends")]
    [InlineData("modality: hybrid", "modality: in-person", "modality does not match the phases")]
    [InlineData("title: Estado abierto en América Latina y el Caribe", "title: \"Estado abierto\\nen dos líneas\"", "title must be one line")]
    [InlineData("title: Estado abierto en América Latina y el Caribe", "title: \"Estado abierto\\u2028en dos líneas\"", "title must be one line")]   // Unicode's line separator too
    public void Broken_course_file_is_refused_with_the_reason(string find, string replace, string expectedReason)
    {
        var text = ValidCourse.Replace(find.Replace("            ", "    ", StringComparison.Ordinal), replace, StringComparison.Ordinal);
        Assert.NotEqual(ValidCourse, text);

        var result = ContentParser.ParseCourse("x", text);

        Assert.False(result.Succeeded);
        Assert.Null(result.Document);
        Assert.Contains(result.Errors, e => e.Contains(expectedReason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("clp", "15000", "CLP", 1_500_000)]
    [InlineData("PYG", "250000", "PYG", 25_000_000)]
    [InlineData("brl", "150.5", "BRL", 15_050)]
    public void A_fee_is_read_in_any_currency_of_ISO_4217_with_the_decimals_it_has(string currency, string fee, string stored, long feeMinor)
    {
        var result = ContentParser.ParseCourse("x", ValidCourse.Replace("fee: 0\ncurrency: USD", $"fee: {fee}\ncurrency: {currency}", StringComparison.Ordinal));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal((stored, feeMinor), (result.Document!.Currency, result.Document.FeeMinor));
    }

    [Fact]
    public void File_without_front_matter_is_refused()
    {
        var result = ContentParser.ParseCourse("x", "# Just Markdown");

        Assert.Contains("must start with a '---' line", Assert.Single(result.Errors));
    }

    [Fact]
    public void Folder_name_must_be_a_slug()
    {
        var result = ContentParser.ParseCourse("Estado Abierto", ValidCourse);

        Assert.Contains("not a valid slug", Assert.Single(result.Errors));
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once()
    {
        var text = ValidCourse.Replace("modality: hybrid", "modality: blended").Replace("capacity: 40", "capacity: -1");

        var result = ContentParser.ParseCourse("x", text);

        Assert.Equal(2, result.Errors.Count);
    }

    [Fact]
    public void Module_takes_order_and_slug_from_its_file_name()
    {
        var result = ContentParser.ParseModule("03-open-data.md", "---\ntitle: Open data\nrelease: 2027-10-20\n---\n## Why\nBecause.");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(3, result.Document!.Position);
        Assert.Equal("open-data", result.Document.Slug);
        Assert.Equal("Open data", result.Document.Title);
        Assert.Equal(new DateOnly(2027, 10, 20), result.Document.ReleaseOn);
        Assert.Equal("## Why\nBecause.", result.Document.Markdown);
    }

    [Theory]
    [InlineData("open-data.md", "---\ntitle: X\n---\nText", "must look like NN-slug.md")]
    [InlineData("01-Open_Data.md", "---\ntitle: X\n---\nText", "must look like NN-slug.md")]
    [InlineData("01-open-data.md", "---\nrelease: 2027-10-20\n---\nText", "title is required")]
    [InlineData("01-open-data.md", "---\ntitle: X\nrelease: 20 Oct\n---\nText", "release '20 Oct' is not a date")]
    [InlineData("01-open-data.md", "---\ntitle: X\n---\n", "no text after its front matter")]
    [InlineData("01-open-data.md", "---\ntitle: X\nText", "not closed")]
    public void Broken_module_file_is_refused_with_the_reason(string fileName, string text, string expectedReason)
    {
        var result = ContentParser.ParseModule(fileName, text);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains(expectedReason, StringComparison.Ordinal));
    }

    [Fact]
    public void Windows_line_endings_and_a_byte_order_mark_are_accepted()
    {
        var result = ContentParser.ParseModule("01-a.md", "\uFEFF---\r\ntitle: A\r\n---\r\nBody\r\n");

        Assert.True(result.Succeeded);
        Assert.Equal("Body", result.Document!.Markdown);
    }
}
