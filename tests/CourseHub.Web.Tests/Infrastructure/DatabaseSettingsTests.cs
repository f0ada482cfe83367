namespace CourseHub.Web.Tests.Infrastructure;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void PostgreSql_with_a_sqlite_file_for_connection_string_stops_the_start_and_says_what_to_give()
    {
        using var site = new TestSite(withRepositoryContent: false, settings: new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:CourseHub"] = "Data Source=../../data/coursehub.db",
        });

        var error = Assert.Throws<InvalidOperationException>(() => site.CreateClient());

        Assert.Contains("ConnectionStrings:CourseHub names no database", error.Message, StringComparison.Ordinal);
        Assert.Contains("Host=", error.Message, StringComparison.Ordinal);
    }
}
