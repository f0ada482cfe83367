using System.Text.Json;
using CourseHub.Core.Content;

namespace CourseHub.UnitTests.Content;

public sealed class ContentWriterTests
{
    public static TheoryData<string> ShippedCourses()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(RepositoryRoot(), "content")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedCourses))]
    public void A_written_course_parses_to_the_same_document(string slug)
    {
        var original = ContentParser.ParseCourse(slug, File.ReadAllText(Path.Combine(RepositoryRoot(), "content", slug, "course.md")));
        Assert.True(original.Succeeded, string.Join("; ", original.Errors));

        var written = ContentParser.ParseCourse(slug, ContentWriter.Course(original.Document!));

        Assert.True(written.Succeeded, string.Join("; ", written.Errors));
        Assert.Equal(JsonSerializer.Serialize(original.Document), JsonSerializer.Serialize(written.Document));
    }

    [Fact]
    public void Quotes_colons_and_line_breaks_in_values_survive_the_front_matter()
    {
        var original = ContentParser.ParseCourse("c", File.ReadAllText(Path.Combine(RepositoryRoot(), "content", "open-data-for-public-value", "course.md"))).Document!
            with { Title = "Data: \"open\" by default # not a comment", Summary = "Two lines:\n# not a comment", Partners = ["A, B", "- C"], ScholarshipNote = "50% – 'half'", CompletionAttendance = 0 };

        var written = ContentParser.ParseCourse("c", ContentWriter.Course(original));

        Assert.True(written.Succeeded, string.Join("; ", written.Errors));
        Assert.Equal(JsonSerializer.Serialize(original), JsonSerializer.Serialize(written.Document));
    }

    [Fact]
    public void A_written_module_parses_to_the_same_module()
    {
        var module = new ModuleDocument("open-budgets", 7, "Budgets: \"open\"", new DateOnly(2027, 1, 11), true, "## Heading\n\nText with --- inside.");

        var (fileName, text) = ContentWriter.Module(module);
        var parsed = ContentParser.ParseModule(fileName, text);

        Assert.Equal("07-open-budgets.md", fileName);
        Assert.Equal(module, parsed.Document);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CourseHub.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("CourseHub.sln not found");
    }
}
